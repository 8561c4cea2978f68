import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import path from 'node:path';
import { API_KEY, enqueueCorrections, makeBrain, queueRows, removeBrain } from './helpers';
import type { Brain } from './helpers';
import { makeCertificate } from './tls-fixtures';
import type { Certificate } from './tls-fixtures';

/**
 * A reply body of 100 MB (a misconfigured proxy, a captive portal) must not reach the worker's
 * capped heap: Node would abort the whole process (SIGABRT), not only the thread. The worker runs
 * in a child process so such an abort shows as the child's exit signal instead of killing jest.
 */
const HUGE_BYTES = 100 * 1024 * 1024;
// Each test runs a child process with its own worker thread; a loaded machine makes that slow.
jest.setTimeout(90_000);
const CHUNK = Buffer.alloc(64 * 1024, 'x');

interface HugeReceiver {
  url: string;
  /** Bytes the server managed to write before the client went away, per request. */
  written: number[];
  paths: string[];
  close(): Promise<void>;
}

/**
 * Answers every POST with `status` and a 100 MB body, chunked or with its content-length; over
 * plain HTTP/1.1, or over TLS offering HTTP/2 when `certificate` is given.
 */
async function startHugeReceiver(status: number, framing: 'chunked' | 'content-length', certificate?: Certificate): Promise<HugeReceiver> {
  const written: number[] = [];
  const paths: string[] = [];
  const handler = (request: http.IncomingMessage | http2.Http2ServerRequest, reply: http.ServerResponse | http2.Http2ServerResponse): void => {
    // The HTTP/1.1 and HTTP/2 compatibility responses share what is used here.
    const response = reply as http.ServerResponse;
    request.resume();
    request.on('end', () => {
      paths.push(request.url ?? '');
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/html' };
      if (framing === 'content-length') headers['content-length'] = HUGE_BYTES;
      response.writeHead(status, headers);
      let sent = 0;
      let closed = false;
      response.on('close', () => (closed = true));
      const record = written.push(0) - 1;
      const pump = (): void => {
        while (sent < HUGE_BYTES && !closed) {
          sent += CHUNK.length;
          written[record] = sent;
          if (!response.write(CHUNK)) return void response.once('drain', pump);
        }
        if (!closed) response.end();
      };
      response.on('error', () => undefined);
      pump();
    });
  };
  const server = certificate
    ? http2.createSecureServer({ key: fs.readFileSync(certificate.keyPath), cert: fs.readFileSync(certificate.certPath), allowHTTP1: true }, handler)
    : http.createServer(handler);
  // Every connection, TLS or not, HTTP/2 session or not, is destroyed on close: nothing keeps the server open.
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: certificate ? `https://localhost:${port}/api/v1/ingest` : `http://127.0.0.1:${port}/api/v1/ingest`,
    written,
    paths,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A flush in a child process (fixtures/deliver-child.js); never rejects, the exit is the result. */
function flushInChild(dbPath: string, ingestUrl: string, route: 'single' | 'batch', budgetMs: number, env: Record<string, string> = {}): Promise<ChildExit> {
  const script = path.join(__dirname, 'fixtures', 'deliver-child.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [script, dbPath, ingestUrl, API_KEY, String(budgetMs), route], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
      resolve({ code: failure ? (failure.code ?? null) : 0, signal: failure?.signal ?? null, stdout, stderr });
    });
  });
}

describe('a 100 MB reply: the process lives, the row is classified by its status', () => {
  let brain: Brain;
  let receiver: HugeReceiver | null = null;

  beforeEach(() => {
    brain = makeBrain();
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
    removeBrain(brain);
  });

  test.each<['single' | 'batch', 'chunked' | 'content-length']>([
    ['single', 'chunked'],
    ['single', 'content-length'],
    ['batch', 'chunked'],
  ])('200 (%s route, %s): the child exits cleanly and every row is synced', async (route, framing) => {
    receiver = await startHugeReceiver(200, framing);
    enqueueCorrections(brain.db, 4);
    // A budget only a slow machine uses up: the flush returns once every row is synced.
    const exit = await flushInChild(brain.dbPath, receiver.url, route, 20_000);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    // A 2xx with a body we would not read whole is still a 2xx (SPEC §13): synced.
    expect(JSON.parse(exit.stdout).flushed).toEqual({ delivered: 4, dead: 0, remaining: 0, leasedElsewhere: 0 });
    expect(queueRows(brain.db).every((row) => row.synced_at !== null && row.last_status === 200)).toBe(true);
    // The client stopped reading long before the end (the server writes ahead into socket buffers).
    expect(Math.max(...receiver.written)).toBeLessThan(HUGE_BYTES);
    if (route === 'batch') {
      // The cut batch reply says nothing per item: its rows went one request per row.
      expect(receiver.paths.filter((p) => p.endsWith('/batch'))).toHaveLength(1);
      expect(receiver.paths.filter((p) => p.endsWith('/ingest'))).toHaveLength(4);
    }
  });

  test.each<['single' | 'batch', 'chunked' | 'content-length']>([
    ['single', 'content-length'],
    ['batch', 'chunked'],
  ])('503 (%s route, %s): the child exits cleanly and every row waits for a retry', async (route, framing) => {
    receiver = await startHugeReceiver(503, framing);
    enqueueCorrections(brain.db, 4);
    // The flush retries the 503s until its budget ends; a few seconds give every row an attempt.
    const exit = await flushInChild(brain.dbPath, receiver.url, route, 6_000);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(JSON.parse(exit.stdout).flushed).toMatchObject({ delivered: 0, dead: 0, remaining: 4 });
    const rows = queueRows(brain.db);
    expect(rows.every((row) => row.synced_at === null && row.dead_at === null && row.last_status === 503 && row.attempts >= 1)).toBe(true);
    if (framing === 'content-length') {
      expect(rows[0]?.last_error).toMatch(/content-length 104857600 is over the 65536-byte limit/);
    }
  });

  test('200 over HTTP/2 (content-length and chunked): the stream is reset, the session and the process live', async () => {
    const certificate = makeCertificate();
    try {
      for (const framing of ['content-length', 'chunked'] as const) {
        await receiver?.close();
        receiver = await startHugeReceiver(200, framing, certificate);
        enqueueCorrections(brain.db, 2);
        const exit = await flushInChild(brain.dbPath, receiver.url, 'single', 20_000, { NODE_EXTRA_CA_CERTS: certificate.certPath });
        expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
        expect(JSON.parse(exit.stdout).flushed).toEqual({ delivered: 2, dead: 0, remaining: 0, leasedElsewhere: 0 });
      }
      expect(queueRows(brain.db).every((row) => row.synced_at !== null && row.last_status === 200)).toBe(true);
    } finally {
      fs.rmSync(certificate.dir, { recursive: true, force: true });
    }
  });
});
