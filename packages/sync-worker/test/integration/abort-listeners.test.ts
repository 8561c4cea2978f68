import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * One delivery round shares one AbortSignal across all its requests (hundreds per round on the
 * per-row route). Each request must take its abort listener off again when it ends: got's stream
 * API leaves its own on the signal, which made Node print MaxListenersExceededWarning on the
 * agent's stderr and kept every finished request reachable until the round ended.
 * got runs only in the built code (dist/vendor/got.cjs), so a child process drives the built sender.
 */
jest.setTimeout(60_000);

const CHILD = path.join(__dirname, 'fixtures', 'abort-listeners-child.mjs');
const BOUNDED_REPLY = path.resolve(__dirname, '../../dist/sender/bounded-reply.js');

let server: http.Server;
let base = '';
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((request, reply) => {
    request.resume();
    if (request.url === '/hang') {
      hanging.push(reply);
      return;
    }
    request.on('end', () => {
      reply.setHeader('content-type', 'application/json');
      reply.end('{"status":"ok","deduplicated":false}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const reply of hanging) reply.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('requests sharing one signal leave no abort listener behind, and an abort still ends one in flight', async () => {
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, [CHILD, BOUNDED_REPLY, `${base}/ingest`, `${base}/hang`], { timeout: 45_000 }, (error, out, err) => {
      if (error) reject(new Error(`child failed: ${error.message}\n${err}`));
      else resolve({ stdout: out, stderr: err });
    });
  });
  const report = JSON.parse(stdout) as { statuses: number[]; listenersAfter: number; abortEnded: string; listenersAfterAbort: number };
  expect(report.statuses).toHaveLength(30);
  expect(new Set(report.statuses)).toEqual(new Set([200]));
  expect(report.listenersAfter).toBe(0);
  expect(report.abortEnded).toBe('rejected-aborted');
  expect(report.listenersAfterAbort).toBe(0);
  expect(stderr).not.toMatch(/MaxListenersExceeded/);
});
