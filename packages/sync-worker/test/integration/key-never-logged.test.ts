import { API_KEY, captureLogger, enqueueCorrections, nextEvent, pendingCount, useWorkerFixture, waitFor } from './helpers';

describe('the API key never reaches a log line', () => {
  // Without the batch route: the scripted 500 and drop answer single rows, and the fallback logs too.
  const fx = useWorkerFixture({ keys: [API_KEY, 'gd_second_key_51d0e8'], batch: false });

  test('through retries, an auth pause, a key change and stop, at trace level', async () => {
    const { brain, server } = fx;
    const { logger, lines } = captureLogger('trace');
    enqueueCorrections(brain.db, 3);
    // The wrong key is refused (401, auth pause); after the key change one 500 and one dropped connection.
    server.pushScript(500, { status: 200, drop: true });
    const worker = fx.makeWorker({ logger, apiKey: 'gd_wrong_key_0bad', concurrency: 1 });
    const paused = nextEvent(worker, 'paused');
    worker.start();
    await paused;
    worker.setApiKey('gd_second_key_51d0e8');
    await waitFor('delivered', () => pendingCount(brain.db) === 0);
    await worker.stop();

    expect(lines.length).toBeGreaterThan(3);
    const all = lines.join('\n');
    for (const secret of ['gd_wrong_key_0bad', 'gd_second_key_51d0e8', API_KEY]) expect(all).not.toContain(secret);
    expect(all.toLowerCase()).not.toContain('bearer ');
    expect(all).not.toMatch(/"authorization":"(?!\[REDACTED\])/i);
  });
});
