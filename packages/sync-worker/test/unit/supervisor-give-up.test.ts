/**
 * The supervisor's give-up rule with the defaults the SDK ships (5 crashes within 5 minutes), on an
 * injected clock: jest's fake timers drive both Date.now() and the restart timers, so the backoff
 * and the window pass in no time, and a broken rule fails here in milliseconds instead of after an
 * integration test's 30 s wait.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { GradataWorkerCrashedError } from '../../src/errors';
import { Supervisor } from '../../src/main/supervisor';
import type { ExitVerdict } from '../../src/main/supervisor';
import { resolveSyncWorkerOptions } from '../../src/options';

const T0 = Date.UTC(2030, 0, 1);
const defaults = resolveSyncWorkerOptions({ dbPath: '/nonexistent/system.db', apiKey: 'k', ingestUrl: 'https://ingest.test/api/v1/ingest' });

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

interface LogLine { level: number; msg: string; exitCode?: number; crashes?: number; restartInMs?: number }

function supervised(): { supervisor: Supervisor; respawns: () => number; released: Array<string | null>; logged: LogLine[] } {
  let respawned = 0;
  const released: Array<string | null> = [];
  const logged: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logged.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const supervisor = new Supervisor(defaults, pino({ level: 'warn' }, sink), {
    respawn: () => (respawned += 1),
    releaseLeases: (owner) => released.push(owner),
  });
  return { supervisor, respawns: () => respawned, released, logged };
}

/** A crash now, then the restart it schedules, however long its backoff (the clock is fake). */
function crashAndWait(supervisor: Supervisor, owner: string | null): ExitVerdict {
  const verdict = supervisor.threadExited(1, owner);
  jest.runOnlyPendingTimers();
  return verdict;
}

test('the shipped defaults: 5 crashes within 5 minutes', () => {
  expect(defaults).toMatchObject({ maxCrashes: 5, crashWindowMs: 5 * 60_000 });
});

test('four crashes restart the thread; the fifth within 5 minutes gives up with WORKER_CRASHED and restarts nothing', () => {
  const { supervisor, respawns, released } = supervised();
  const verdicts = [1, 2, 3, 4, 5].map((n) => crashAndWait(supervisor, `owner-${n}`));
  expect(verdicts.slice(0, 4)).toEqual(Array(4).fill({ state: 'restarting' }));
  const last = verdicts[4] as ExitVerdict;
  expect(last.state).toBe('crashed');
  const error = (last as Extract<ExitVerdict, { state: 'crashed' }>).error;
  expect(error).toBeInstanceOf(GradataWorkerCrashedError);
  expect(error).toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('crashed 5 times within 300 s') });
  expect(respawns()).toBe(4);
  jest.advanceTimersByTime(24 * 3600_000);
  expect(respawns()).toBe(4);
  // Every dead incarnation's leases are given back, the last one's too.
  expect(released).toEqual(['owner-1', 'owner-2', 'owner-3', 'owner-4', 'owner-5']);
});

test('each crash is logged with its count and exit code: a warning with the restart delay, then one error at the give-up', () => {
  const { supervisor, logged } = supervised();
  for (let n = 1; n <= 5; n++) crashAndWait(supervisor, 'o');
  const warn = 40;
  const error = 50;
  expect(logged.map(({ level, msg, exitCode, crashes, restartInMs }) => ({ level, msg, exitCode, crashes, restartInMs }))).toEqual([
    ...[250, 500, 1000, 2000].map((restartInMs, i) => ({ level: warn, msg: 'sync worker exited unexpectedly; restarting', exitCode: 1, crashes: i + 1, restartInMs })),
    { level: error, msg: 'sync worker crashed too often; giving up (correct() keeps working, rows stay on disk)', exitCode: 1, crashes: 5, restartInMs: undefined },
  ]);
});

test('a thread that died holding no lease owner frees nothing', () => {
  const { supervisor, released } = supervised();
  crashAndWait(supervisor, null);
  expect(released).toEqual([]);
});

test('the fifth crash still restarts when the first fell out of the 5-minute window', () => {
  const { supervisor, respawns } = supervised();
  for (let n = 1; n <= 4; n++) {
    expect(crashAndWait(supervisor, 'o')).toEqual({ state: 'restarting' });
    jest.setSystemTime(T0 + n * 75_000); // crash n+1 at n × 75 s: the fifth exactly 300 s after the first
  }
  expect(crashAndWait(supervisor, 'o')).toEqual({ state: 'restarting' });
  expect(respawns()).toBe(5);
});

test('crashes spread wider than the window never give up', () => {
  const { supervisor } = supervised();
  for (let n = 0; n < 20; n++) {
    jest.setSystemTime(T0 + n * 76_000); // at most 4 crashes in any 5 minutes, never 5
    expect(crashAndWait(supervisor, 'o')).toEqual({ state: 'restarting' });
  }
});

test('a restart waiting on its backoff is dropped by cancelRestart', () => {
  const { supervisor, respawns } = supervised();
  supervisor.threadExited(1, null);
  supervisor.cancelRestart();
  jest.advanceTimersByTime(60_000);
  expect(respawns()).toBe(0);
});
