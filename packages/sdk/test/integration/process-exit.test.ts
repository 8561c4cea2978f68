import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { enqueueCorrection, openBrainDatabase } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { SDK_DIST, cleanEnv, tmpDir, waitFor } from '../helpers';

// A user's agent as a child process: it opens a Brain with the defaults (exit hooks on), records one
// correction, then either ends its script or keeps running until SIGTERM.
const AGENT = `
const { Brain } = require(process.env.SDK_DIST);
const brain = new Brain(process.argv[1]);
brain.correct('The meeting is on Monday at 10.', 'The meeting is on Tuesday at 10.').then((result) => {
  process.stdout.write('recorded ' + result.eventId + '\\n');
  if (process.env.KEEP_RUNNING) setInterval(() => undefined, 1_000);
});
`;

jest.setTimeout(90_000);

let server: IngestServer;
beforeAll(async () => {
  server = await startIngestServer({ keys: ['exit-key'], logger: false });
});
afterAll(() => server.close());

/** Rows an earlier process left in backoff: the loop leaves them, only a drain (the exit hooks') sends them now. */
function leaveRowsInBackoff(dir: string, eventIds: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  try {
    for (const id of eventIds) {
      enqueueCorrection(db, 'brain-exit', { session: 1, category: 'FACTUAL', severity: 'minor', description: 'd', draft: `a ${id}`, final: `b ${id}` }, id);
    }
    db.prepare('UPDATE sync_queue SET next_attempt_at = ?').run(Date.now() / 1000 + 3_600);
  } finally {
    db.close();
  }
}

function startAgent(dir: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['-e', AGENT, dir], {
    env: cleanEnv({ SDK_DIST, GRADATA_API_KEY: 'exit-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl, ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

async function settled<T>(what: string, promise: Promise<T>, kill: () => void, timeoutMs = 45_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      kill();
      reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

test('an agent with an open Brain exits on its own, and the beforeExit hook drains what was pending', async () => {
  const dir = path.join(tmpDir(), 'brain');
  leaveRowsInBackoff(dir, ['EXIT-1', 'EXIT-2']);
  const agent = startAgent(dir);
  // No close(), no process.exit(): the open Brain (worker thread, port, timers) must not hold the process.
  const { code, signal } = await settled('the agent exiting on its own', agent.exited, () => agent.child.kill('SIGKILL'));
  expect({ code, signal, stderr: agent.output.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  const recorded = /^recorded (\S+)$/m.exec(agent.output.stdout)?.[1];
  expect(recorded).toBeDefined();
  const stored = server.storedEventIds();
  expect(stored).toEqual(expect.arrayContaining(['EXIT-1', 'EXIT-2', recorded as string]));
});

test('SIGTERM drains the outbox, then the signal ends the process as it would have', async () => {
  const dir = path.join(tmpDir(), 'brain');
  leaveRowsInBackoff(dir, ['TERM-1', 'TERM-2', 'TERM-3']);
  const agent = startAgent(dir, { KEEP_RUNNING: '1' });
  await waitFor('the agent to record its correction', () => agent.output.stdout.includes('recorded '), 45_000);
  expect(server.storedEventIds()).not.toContain('TERM-1'); // still in backoff: only a drain sends it now
  agent.child.kill('SIGTERM');
  const { code, signal } = await settled('the agent ending on SIGTERM', agent.exited, () => agent.child.kill('SIGKILL'));
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  expect(server.storedEventIds()).toEqual(expect.arrayContaining(['TERM-1', 'TERM-2', 'TERM-3']));
});
