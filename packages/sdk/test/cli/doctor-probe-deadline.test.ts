import net from 'node:net';
import { probeEndpoint } from '../../src/cli/doctor/probe';

/**
 * The endpoint probe has one deadline for the whole exchange. A server that trickles its reply a
 * byte at a time never leaves a socket idle long enough for an idle timeout, so without the deadline
 * `gradata doctor` would wait for as long as the server kept trickling.
 */
test('a server that trickles its status line is given up at the deadline, not waited on', async () => {
  const timers: NodeJS.Timeout[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const reply = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n'.repeat(50));
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < reply.length && !socket.destroyed) socket.write(reply.subarray(sent, ++sent));
    }, 100);
    timers.push(timer);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const result = await probeEndpoint(`http://127.0.0.1:${port}/api/v1/ingest`, null, 800);
    expect(result).toMatchObject({ answered: false, error: 'no answer within 800 ms' });
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}, 20_000);
