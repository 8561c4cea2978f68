/**
 * Issue 19, item 3: after an outage, each row used to keep its own exponential backoff, so 1,000
 * rows took minutes to deliver although the endpoint was back. Now the first clean delivery makes
 * every row waiting on a network or 5xx backoff due again, with no call from the agent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueCorrection } from '@gradata/core';
import { BRAIN_ID, captureLogger, enqueueCorrections, makeBrain, makeWorker, pendingCount, queueRows, removeBrain, useWorkerFixture, waitFor } from './helpers';

const ROWS = 1_000;
/** How far the outage pushed the backoffs: far beyond the test's wait, so only a revival delivers in time. */
const LONG_BACKOFF_SEC = 240;

describe('recovery after an outage', () => {
  const fx = useWorkerFixture({ faults: { failRate: 1 } });

  test('the first delivery after the endpoint returns makes every row waiting on a 5xx or network backoff due', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, ROWS);
    const outage = fx.makeWorker({ batchSize: 100 });
    outage.start();
    // A real outage: every row is attempted and refused with a 503 (no Retry-After).
    await waitFor('every row refused once', () => queueRows(brain.db).every((row) => row.attempts >= 1 && row.last_status === 503), 60_000);
    await outage.stop({ drain: false, timeoutMs: 2_000 });

    // A long outage leaves long backoffs, spread by jitter: the earliest row is due in a second,
    // the rest 4 minutes out. Some rows failed on the network instead, and some were left by
    // another process (rows carry no owner while they back off).
    const now = Date.now() / 1000;
    brain.db.prepare('UPDATE sync_queue SET next_attempt_at = ?, attempts = 8').run(now + LONG_BACKOFF_SEC);
    brain.db.prepare('UPDATE sync_queue SET last_status = NULL, last_error = ? WHERE id % 10 = 0').run('network: ECONNREFUSED');
    brain.db.prepare('UPDATE sync_queue SET next_attempt_at = ? WHERE id = (SELECT MIN(id) FROM sync_queue)').run(now + 1);
    // A row waiting on a rate limit keeps its time: the pause decides that one.
    const [rateLimited] = enqueueCorrections(brain.db, 1);
    brain.db.prepare("UPDATE sync_queue SET attempts = 1, last_status = 429, last_error = 'http 429', next_attempt_at = ? WHERE event_id = ?").run(now + LONG_BACKOFF_SEC, rateLimited);

    server.setFaults({});
    const recovered = fx.makeWorker({ batchSize: 100 });
    recovered.start(); // no flush, no nudge: the worker wakes for the one row due in a second
    await waitFor('every row waiting on the outage delivered', () => pendingCount(brain.db) === 1, 60_000);
    const rows = queueRows(brain.db);
    // Each was delivered long before its own backoff would have let it go.
    expect(rows.filter((row) => row.synced_at !== null && row.synced_at > now + LONG_BACKOFF_SEC)).toEqual([]);
    expect(rows.find((row) => row.event_id === rateLimited)).toMatchObject({ synced_at: null, next_attempt_at: now + LONG_BACKOFF_SEC });
    expect(server.storedEventIds()).toHaveLength(ROWS);
  }, 150_000);
});

describe('one bad row is not an outage', () => {
  test('a row the server always refuses with a 500 keeps its backoff when the next round delivers', async () => {
    const poison = 'poison-event';
    const server = http.createServer((request, response) => {
      const refused = request.headers['idempotency-key'] === poison;
      request.resume();
      request.on('end', () => {
        response.writeHead(refused ? 500 : 200, { 'content-type': 'application/json' });
        response.end(refused ? '{"error":"boom"}' : '{"status":"ok","deduplicated":false}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const brain = makeBrain();
    const { logger, lines } = captureLogger('info');
    const worker = makeWorker(brain, `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/ingest`, { batch: false, logger });
    try {
      enqueueCorrections(brain.db, 1);
      worker.start();
      await waitFor('the first row delivered', () => pendingCount(brain.db) === 0);
      // The bad row, already retried many times: its next backoff is long (up to 5 min).
      enqueueCorrection(brain.db, BRAIN_ID, { session: 1, category: 'STYLE', severity: 'minor', description: 'd', draft: 'a', final: 'b' }, poison);
      brain.db.prepare('UPDATE sync_queue SET attempts = 10 WHERE event_id = ?').run(poison);
      worker.nudge();
      await waitFor('the bad row refused', () => queueRows(brain.db).some((row) => row.event_id === poison && row.last_status === 500));
      const backoff = queueRows(brain.db).find((row) => row.event_id === poison)?.next_attempt_at;
      enqueueCorrections(brain.db, 1);
      worker.nudge();
      await waitFor('the next good row delivered', () => pendingCount(brain.db) === 1);
      expect(queueRows(brain.db).find((row) => row.event_id === poison)?.next_attempt_at).toBe(backoff);
      expect(lines.filter((line) => line.includes('the endpoint answers again'))).toEqual([]);
    } finally {
      await worker.stop({ drain: false, timeoutMs: 1_000 });
      await new Promise((resolve) => server.close(resolve));
      removeBrain(brain);
    }
  });
});
