import { NUDGE_COALESCE_MS, NUDGE_SPACING_MS, Wakeup } from '../../src/worker/wakeup';

/*
 * Issue 10 (lock contention): at an agent's steady pace, nudged rounds are spaced NUDGE_SPACING_MS
 * apart (each round is a claim and an ack, two write transactions), while a lone nudge after a
 * quiet spell still wakes the loop within NUDGE_COALESCE_MS. Fake timers: no wall-clock assertion.
 */

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Sleeps for `ms` and reports whether the sleep has ended, after each timer advance. */
function sleeper(wakeup: Wakeup, ms: number): { ended: () => boolean } {
  let ended = false;
  void wakeup.sleep(ms).then(() => {
    ended = true;
  });
  return { ended: () => ended };
}

async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

it('a lone nudge after a quiet spell wakes the loop after the short coalescing window', async () => {
  const wakeup = new Wakeup();
  await advance(1_000);
  const sleep = sleeper(wakeup, 60_000);
  wakeup.wake();
  await advance(NUDGE_COALESCE_MS - 1);
  expect(sleep.ended()).toBe(false);
  await advance(1);
  expect(sleep.ended()).toBe(true);
});

it('nudges arriving at 200/s wake the loop at most once per spacing window', async () => {
  const wakeup = new Wakeup();
  let wakes = 0;
  let nudging = true;
  const loop = (async () => {
    while (nudging) {
      await wakeup.sleep(60_000);
      wakes += 1;
    }
  })();
  for (let t = 0; t < 1_000; t += 5) {
    wakeup.wake(); // one correction every 5 ms, also while the loop is awake
    await advance(5);
  }
  nudging = false;
  wakeup.wake();
  await advance(NUDGE_SPACING_MS);
  await loop;
  // One second of nudges: at most 1000 / spacing wakes (+1 for the first), far fewer than 200.
  expect(wakes).toBeGreaterThanOrEqual(1_000 / NUDGE_SPACING_MS - 2);
  expect(wakes).toBeLessThanOrEqual(1_000 / NUDGE_SPACING_MS + 2);
});

it('a nudge that came while awake is kept: the next sleep ends within the spacing, not at its timeout', async () => {
  const wakeup = new Wakeup();
  const first = sleeper(wakeup, 60_000);
  wakeup.wake();
  await advance(NUDGE_COALESCE_MS);
  expect(first.ended()).toBe(true);
  wakeup.wake(); // while the loop works on its round
  const second = sleeper(wakeup, 60_000);
  await advance(NUDGE_SPACING_MS - 1);
  expect(second.ended()).toBe(false);
  await advance(1);
  expect(second.ended()).toBe(true);
});

it('without spacing (a drain waiting for a retry) a nudge wakes it at once', async () => {
  const wakeup = new Wakeup(0, 0);
  const first = sleeper(wakeup, 60_000);
  wakeup.wake();
  await advance(0);
  expect(first.ended()).toBe(true);
  const second = sleeper(wakeup, 60_000);
  wakeup.wake();
  await advance(0);
  expect(second.ended()).toBe(true);
});
