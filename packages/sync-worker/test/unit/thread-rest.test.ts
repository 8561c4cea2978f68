import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { enqueueCorrection } from '@gradata/core';
import { ThreadRest } from '../../src/main/thread-rest';
import type { RestingThreadHost } from '../../src/main/thread-rest';
import { BRAIN_ID, captureLogger, makeBrain, removeBrain, settle, waitFor } from '../integration/helpers';
import type { Brain } from '../integration/helpers';

// The main side of the idle rest, driven without a thread: the host is a record of what the rest
// asked of the SyncWorker, the outbox a real brain file.

type Call = 'askToStop' | 'restart' | 'releaseLeases';

function fakeHost(): RestingThreadHost & { calls: Call[]; state: 'running' | 'resting'; stopping: boolean } {
  const host = {
    calls: [] as Call[],
    state: 'running' as 'running' | 'resting',
    stopping: false,
    threadFreeToRest: () => (host.state === 'running' ? THREAD : null),
    askToStop: () => void host.calls.push('askToStop'),
    restart: () => {
      host.calls.push('restart');
      host.state = 'running';
    },
    releaseLeases: () => void host.calls.push('releaseLeases'),
    exited: () => Promise.resolve(), // only awaited while a thread is leaving; these tests end the leave themselves
    setResting: () => void (host.state = 'resting'),
    isResting: () => host.state === 'resting',
    isStopping: () => host.stopping,
  };
  return host;
}

const THREAD = { threadId: 1 } as unknown as Worker;
const TICK_MS = 50;

describe('ThreadRest (SPEC §7.2)', () => {
  let brain: Brain;
  beforeEach(() => {
    brain = makeBrain();
  });
  afterEach(() => removeBrain(brain));

  function restFor(host: RestingThreadHost, dbPath = brain.dbPath): { rest: ThreadRest; lines: string[] } {
    const { logger, lines } = captureLogger('warn');
    return { rest: new ThreadRest(host, dbPath, { tickMs: TICK_MS, leaseSec: 60 }, logger), lines };
  }

  test('a wake while the thread is leaving starts it again at its exit, not before, and does not watch the outbox', async () => {
    const host = fakeHost();
    const { rest, lines } = restFor(host);
    rest.offered();
    rest.offered(); // a second offer while leaving asks nothing more
    expect(host.calls).toEqual(['askToStop']);
    expect(rest.asleep).toBe(true);
    rest.wake();
    expect(host.calls).toEqual(['askToStop']);
    expect(rest.exited(THREAD, 0, captureLogger().logger)).toBe(true);
    expect(host.calls).toEqual(['askToStop', 'restart']);
    expect(rest.asleep).toBe(false);
    expect(lines).toEqual([]);
  });

  test('an exit with an error while leaving is a rest, not a crash: warned, its leases given back, then resting', async () => {
    const host = fakeHost();
    const { logger, lines } = captureLogger('warn');
    const rest = new ThreadRest(host, brain.dbPath, { tickMs: TICK_MS, leaseSec: 60 }, logger);
    rest.offered();
    expect(rest.exited(THREAD, 1, logger)).toBe(true);
    expect(host.calls).toEqual(['askToStop', 'releaseLeases']);
    expect(host.state).toBe('resting');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['sync worker thread ended its rest with an error (rows stay on disk)']);
    // Nothing pending: the watch keeps it resting.
    await settle(TICK_MS * 4);
    expect(host.calls).toEqual(['askToStop', 'releaseLeases']);
    await rest.settleForStop();
  });

  test('a clean rest gives nothing back (the thread released its rows itself) and a row queued later wakes it at a tick', async () => {
    const host = fakeHost();
    const { rest } = restFor(host);
    rest.offered();
    rest.exited(THREAD, 0, captureLogger().logger);
    await settle(TICK_MS * 3);
    expect(host.calls).toEqual(['askToStop']);
    enqueueCorrection(brain.db, BRAIN_ID, { session: 1, category: 'STYLE', severity: 'minor', description: 'd', draft: 'a', final: 'b' }, 'event-1');
    await waitFor('the restart', () => host.calls.includes('restart'));
    expect(host.calls).toEqual(['askToStop', 'restart']);
  });

  test('a look at the outbox that fails is warned about and wakes the thread, so the failure meets the supervisor', async () => {
    const host = fakeHost();
    const { rest, lines } = restFor(host, path.join(brain.dir, 'no-such-folder', 'system.db'));
    rest.offered();
    rest.exited(THREAD, 0, captureLogger().logger);
    expect(host.calls).toEqual(['askToStop', 'restart']);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['could not look at the outbox while the worker rests; starting it']);
  });

  test('an exit during a stop stays resting: no restart, no watch', async () => {
    const host = fakeHost();
    const { rest } = restFor(host);
    rest.offered();
    host.stopping = true;
    rest.wake(); // a late nudge: kept, but the stop wins
    expect(rest.exited(THREAD, 0, captureLogger().logger)).toBe(true);
    enqueueCorrection(brain.db, BRAIN_ID, { session: 1, category: 'STYLE', severity: 'minor', description: 'd', draft: 'a', final: 'b' }, 'event-2');
    await settle(TICK_MS * 4);
    expect(host.calls).toEqual(['askToStop']);
    expect(await rest.settleForStop()).toBe(true);
  });

  test('another thread’s exit is not the rest’s to handle', () => {
    const host = fakeHost();
    const { rest } = restFor(host);
    rest.offered();
    expect(rest.exited({ threadId: 2 } as unknown as Worker, 1, captureLogger().logger)).toBe(false);
    expect(host.calls).toEqual(['askToStop']);
  });
});
