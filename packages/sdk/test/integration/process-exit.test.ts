import { spawn } from 'node:child_process';
import path from 'node:path';
import { enqueueCorrection, openBrainDatabase } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { SDK_DIST, cleanEnv, tmpDir, waitFor } from '../helpers';

// A user's agent as a child process: it opens a Brain with the defaults (exit hooks on), records one
// correction and waits for its delivery (the worker's start-up drain is over, the loop is idle), says
// so, then waits for one line on stdin before it either ends its script or keeps running until SIGTERM.
// It holds itself open with a timer until then, as a real agent's own work does: the SDK holds nothing,
// so without it the event loop would empty while the agent awaits 'synced', and the beforeExit drain
// would close the brain before the test goes on.
const AGENT = `
const { Brain } = require(process.env.SDK_DIST);
const hold = setInterval(() => undefined, 1_000);
const brain = new Brain(process.argv[1]);
process.stdout.write('hooks ' + ['beforeExit', 'SIGINT', 'SIGTERM'].map((event) => process.listenerCount(event)).join(' ') + '\\n');
const synced = new Promise((resolve) => brain.once('synced', resolve));
brain.correct('The meeting is on Monday at 10.', 'The meeting is on Tuesday at 10.').then(async (result) => {
  await synced;
  process.stdout.write('recorded ' + result.eventId + '\\n');
  process.stdin.once('data', () => {
    process.stdin.destroy();
    if (!process.env.KEEP_RUNNING) clearInterval(hold);
  });
});
`;

jest.setTimeout(90_000);

let server: IngestServer;
beforeAll(async () => {
  server = await startIngestServer({ keys: ['exit-key'], logger: false });
});
afterAll(() => server.close());

/**
 * Rows another process on the same brain added, waiting out a backoff: the running agent's loop leaves
 * them (they are not due and nothing nudges it), so only a drain (the exit hooks') sends them now.
 */
function addRowsInBackoff(dir: string, eventIds: string[]): void {
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  try {
    for (const id of eventIds) {
      enqueueCorrection(db, 'brain-exit', { session: 1, category: 'FACTUAL', severity: 'minor', description: 'd', draft: `a ${id}`, final: `b ${id}` }, id);
    }
    db.prepare('UPDATE sync_queue SET next_attempt_at = ? WHERE synced_at IS NULL').run(Date.now() / 1000 + 3_600);
  } finally {
    db.close();
  }
}

function startAgent(dir: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['-e', AGENT, dir], {
    env: cleanEnv({ SDK_DIST, GRADATA_API_KEY: 'exit-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl, ...extraEnv }),
    stdio: ['pipe', 'pipe', 'pipe'],
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

test('an agent with an open Brain exits on its own once its script is done', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const agent = startAgent(dir);
  await waitFor('the agent to record and deliver its correction', () => agent.output.stdout.includes('recorded '), 45_000);
  agent.child.stdin.write('go\n');
  // No close(), no process.exit(): the open Brain (worker thread, port, timers) must not hold the process.
  const { code, signal } = await settled('the agent exiting on its own', agent.exited, () => agent.child.kill('SIGKILL'));
  expect({ code, signal, stderr: agent.output.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  const recorded = /^recorded (\S+)$/m.exec(agent.output.stdout)?.[1];
  expect(server.storedEventIds()).toContain(recorded);
  // new Brain() installed its exit hooks: one beforeExit, SIGINT and SIGTERM listener each.
  expect(agent.output.stdout).toMatch(/^hooks 1 1 1$/m);
});

test('SIGTERM is handled by the exit hooks, which then let the signal end the process', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const agent = startAgent(dir, { KEEP_RUNNING: '1' });
  await waitFor('the agent to record and deliver its correction', () => agent.output.stdout.includes('recorded '), 45_000);
  agent.child.stdin.write('go\n');
  agent.child.kill('SIGTERM');
  const { code, signal } = await settled('the agent ending on SIGTERM', agent.exited, () => agent.child.kill('SIGKILL'));
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
});

test('the SIGTERM drain delivers rows that another process added and that wait out a backoff', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const agent = startAgent(dir, { KEEP_RUNNING: '1' });
  await waitFor('the agent to record and deliver its correction', () => agent.output.stdout.includes('recorded '), 45_000);
  addRowsInBackoff(dir, ['TERM-1', 'TERM-2', 'TERM-3']);
  agent.child.stdin.write('go\n');
  agent.child.kill('SIGTERM');
  await settled('the agent ending on SIGTERM', agent.exited, () => agent.child.kill('SIGKILL'));
  expect(server.storedEventIds()).toEqual(expect.arrayContaining(['TERM-1', 'TERM-2', 'TERM-3']));
});
