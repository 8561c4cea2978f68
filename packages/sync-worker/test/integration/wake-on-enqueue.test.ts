import { BRAIN_ID, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

describe('wake on enqueue', () => {
  const fx = useWorkerFixture();

  test('with tickSec 999 an idle worker delivers a new row as soon as it is nudged', async () => {
    const { brain, server } = fx;
    const worker = fx.makeWorker({ tickSec: 999 });
    worker.start();
    // Let the startup drain finish (nothing to do), so the loop is asleep on its 999 s tick.
    enqueueCorrections(brain.db, 1);
    worker.nudge();
    await waitFor('first row', () => pendingCount(brain.db) === 0);

    for (let round = 0; round < 3; round++) {
      const [eventId] = enqueueCorrections(brain.db, 1);
      worker.nudge();
      worker.nudge(); // nudges in one tick collapse into one message
      await waitFor(`row of round ${round}`, () => server.storedEventIds(BRAIN_ID).includes(eventId as string));
    }
    expect(server.counts().stored).toBe(4);
  });
});
