import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { API_KEY, enqueueCorrections, makeBrain, queueRows, removeBrain } from './helpers';
import type { Brain } from './helpers';

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

/** Answers every POST with `status` and a 100 MB body, chunked or with its content-length. */
async function startHugeReceiver(status: number, framing: 'chunked' | 'content-length'): Promise<HugeReceiver> {
  const written: number[] = [];
  const paths: string[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      paths.push(request.url ?? '');
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/html' };
      if (framing === 'content-length') headers['content-length'] = HUGE_BYTES;
      response.writeHead(status, headers);
      let sent = 0;
      const record = written.push(0) - 1;
      const pump = (): void => {
        while (sent < HUGE_BYTES && !response.destroyed) {
          sent += CHUNK.length;
          written[record] = sent;
          if (!response.write(CHUNK)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      response.on('error', () => undefined);
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/ingest`,
    written,
    paths,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
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
function flushInChild(dbPath: string, ingestUrl: string, route: 'single' | 'batch', budgetMs: number): Promise<ChildExit> {
  const script = path.join(__dirname, 'fixtures', 'deliver-child.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [script, dbPath, ingestUrl, API_KEY, String(budgetMs), route], { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
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
    expect(JSON.parse(exit.stdout).flushed).toEqual({ delivered: 4, dead: 0, remaining: 0 });
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
});
