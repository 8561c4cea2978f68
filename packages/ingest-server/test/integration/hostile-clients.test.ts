import net from 'node:net';
import { startIngestServer, type IngestServer } from '@gradata/ingest-server';
import { KEY, correctionBody, postJson } from './helpers';

/** Writes raw bytes and resolves with everything the server sent before it closed the socket (or 10 s passed: a held socket). */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(request);
  });
}

function jsonBody(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

describe('a hostile client cannot hold the receiver, and every refusal is { error }', () => {
  let server: IngestServer;
  beforeAll(async () => {
    server = await startIngestServer({ keys: [KEY], logger: false, requestTimeoutMs: 600, headersTimeoutMs: 300 });
  });
  afterAll(() => server.close());

  it('a half-sent body is cut off with 408 { error } and the socket is closed', async () => {
    const head = `POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"brain_id":`;
    const response = await rawExchange(server.port, head); // resolves only when the server closes the socket
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonBody(response)).toEqual({ error: expect.stringContaining('not received in time') });
  });

  it('half-sent headers are cut off with 408 and the socket is closed', async () => {
    const response = await rawExchange(server.port, 'POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a 20 KB Authorization header → 431 { error }, the header not echoed', async () => {
    const response = await rawExchange(server.port, `POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'k'.repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(jsonBody(response)).toEqual({ error: 'request headers are too large' });
  });

  it('an 8 KB brain id in the path → 414 { error } without the path echoed', async () => {
    const response = await fetch(`${server.url}/api/v1/brains/${'b'.repeat(8_000)}/corrections`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(414);
    const body = await response.json();
    expect(body).toEqual({ error: 'a path parameter is longer than 100 characters' });
  });

  it('ordinary requests still work on the same server', async () => {
    expect((await postJson(server.ingestUrl, correctionBody('e-after'))).status).toBe(200);
  });
});

it('resolveOptions refuses a non-positive timeout', async () => {
  await expect(startIngestServer({ keys: [KEY], logger: false, requestTimeoutMs: 0 })).rejects.toThrow(/requestTimeoutMs must be a positive integer/);
});
