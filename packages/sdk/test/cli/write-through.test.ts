import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { parseJson, runCli, sandbox } from '../helpers/cli';

// Each test spawns several CLI processes (about 0.5 s each, several times that on a loaded CI machine).
jest.setTimeout(120_000);

const KEY = 'cli-test-key';

/** The CLI against a real receiver on 127.0.0.1:0, configured only through the environment. */
describe('gradata with write-through to a local receiver', () => {
  let server: IngestServer;

  beforeEach(async () => {
    server = await startIngestServer({ port: 0, keys: [KEY], logger: false });
  });
  afterEach(async () => {
    await server.close();
  });

  function writeThroughSandbox(key = KEY): ReturnType<typeof sandbox> {
    return sandbox({ GRADATA_API_KEY: key, GRADATA_CLOUD_INGEST_URL: server.ingestUrl });
  }

  test('correct delivers the row to the receiver before the process exits', async () => {
    const { env, brain, home } = writeThroughSandbox();
    const result = await runCli(
      ['correct', '--brain', brain, '--json', '--draft', 'The Pro plan costs $49 a month.', '--final', 'The Pro plan costs $59 a month.'],
      { env, cwd: home },
    );
    expect(result.code).toBe(0);
    const correction = parseJson(result);
    expect(correction).toMatchObject({ queued: true, delivery: { delivered: true, pending: 0 } });
    expect(server.storedEventIds()).toEqual([correction.eventId]);

    const status = parseJson(await runCli(['status', '--json', '--brain', brain], { env, cwd: home }));
    expect(status).toMatchObject({ enabled: true, reason: null, worker: 'off', pending: 0, synced: 1, dead: 0, ingestUrl: server.ingestUrl });
    expect(status.lastSyncAt).toEqual(expect.any(Number));
  });

  test('status reports a non-https remote ingest URL as the reason write-through is off', async () => {
    const { env, brain, home } = sandbox({ GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: 'http://ingest.example.invalid/api/v1/ingest' });
    await runCli(['init', '--brain', brain], { env, cwd: home });
    const status = parseJson(await runCli(['status', '--json', '--brain', brain], { env, cwd: home }));
    expect(status).toMatchObject({ enabled: false, reason: 'insecure-ingest-url' });
  });

  test('dead list, retry and purge work on rows the receiver rejected permanently', async () => {
    const { env, brain, home } = writeThroughSandbox();
    server.pushScript({ status: 422, body: { error: 'malformed' } }, { status: 422, body: { error: 'malformed' } });
    for (const [draft, final] of [['It costs $49.', 'It costs $59.'], ['Use Node 18.', 'Use Node 20.']]) {
      expect((await runCli(['correct', '--brain', brain, '--draft', draft, '--final', final], { env, cwd: home })).code).toBe(1);
    }
    const dead = parseJson(await runCli(['dead', 'list', '--json', '--brain', brain], { env, cwd: home }));
    expect(dead).toHaveLength(2);
    expect(dead[0]).toMatchObject({ lastStatus: 422, attempts: 1, eventId: expect.any(String) });
    expect(dead[0].lastError).toContain('http 422 (permanent)');

    const table = await runCli(['dead', 'list', '--brain', brain], { env, cwd: home });
    expect(table.stdout).toMatch(/ID\s+EVENT ID\s+STATUS\s+ATTEMPTS\s+DEAD SINCE\s+ERROR/);
    expect(table.stdout).toContain(dead[0].eventId);

    const retried = await runCli(['dead', 'retry', String(dead[0].id), '--json', '--brain', brain], { env, cwd: home });
    expect(parseJson(retried)).toEqual({ requeued: 1 });
    const sync = await runCli(['sync', '--brain', brain, '--json'], { env, cwd: home });
    expect(sync.code).toBe(0);
    expect(parseJson(sync)).toMatchObject({ delivered: 1, remaining: 0 });
    expect(server.storedEventIds()).toEqual([dead[0].eventId]);

    const purged = await runCli(['dead', 'purge', '--brain', brain], { env, cwd: home });
    expect(purged.stdout).toContain('purged 1 dead row(s)');
    expect(parseJson(await runCli(['dead', 'list', '--json', '--brain', brain], { env, cwd: home }))).toEqual([]);
  });

  test('correct says a row the receiver rejected permanently was rejected, not delivered, and exits 1', async () => {
    const { env, brain, home } = writeThroughSandbox();
    server.pushScript({ status: 422, body: { error: 'malformed' } });
    const text = await runCli(['correct', '--brain', brain, '--draft', 'It costs $49.', '--final', 'It costs $59.'], { env, cwd: home });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/queued:\s+yes — rejected permanently \(http 422: \{"error":"malformed"\}\)/);
    expect(text.stdout).not.toContain('delivered');
    expect(text.stderr).toMatch(/error \[REJECTED\]: correction \w+ was rejected permanently \(http 422/);

    server.pushScript({ status: 422, body: { error: 'malformed' } });
    const json = await runCli(['correct', '--brain', brain, '--json', '--draft', 'Use Node 18.', '--final', 'Use Node 20.'], { env, cwd: home });
    expect(json.code).toBe(1);
    expect(parseJson(json)).toMatchObject({ delivery: { delivered: false, pending: 0, rejected: { status: 422, error: expect.stringContaining('http 422 (permanent)') } } });
    expect(server.storedEventIds()).toEqual([]);
  });

  test('sync exits 1 and says why when delivery is paused (wrong key)', async () => {
    const { env, brain, home } = writeThroughSandbox('not-the-key');
    const correct = await runCli(['correct', '--brain', brain, '--timeout-ms', '1000', '--draft', 'Use Node 18.', '--final', 'Use Node 20.'], { env, cwd: home });
    expect(correct.code).toBe(0);
    expect(correct.stdout).toContain('not delivered yet');

    // A generous budget: an auth pause ends the drain at once (it is not waited out), so this only
    // gives a worker thread starting on a loaded machine time to send the request that earns it.
    const sync = await runCli(['sync', '--brain', brain, '--timeout-ms', '15000'], { env, cwd: home });
    expect(sync.code).toBe(1);
    expect(sync.stdout).toContain('remaining 1');
    expect(sync.stderr).toMatch(/error \[UNDELIVERED\]: 1 row\(s\) not delivered: delivery paused \(auth\)/);

    const status = parseJson(await runCli(['status', '--json', '--brain', brain], { env, cwd: home }));
    expect(status).toMatchObject({ pending: 1, pauseReason: 'auth' });
  });

  test('backfill queues corrections recorded with write-through off, then delivers them', async () => {
    const { env, brain, home } = writeThroughSandbox();
    const offEnv = { ...env, GRADATA_DISABLE_WRITE_THROUGH: '1' };
    const recorded = parseJson(
      await runCli(['correct', '--brain', brain, '--json', '--draft', 'Use Node 18.', '--final', 'Use Node 20.'], { env: offEnv, cwd: home }),
    );
    expect(recorded.queued).toBe(false);
    expect(server.storedEventIds()).toEqual([]);

    const backfill = await runCli(['backfill', '--brain', brain, '--json'], { env, cwd: home });
    expect(backfill.code).toBe(0);
    expect(parseJson(backfill)).toMatchObject({ enqueued: 1, delivered: 1, remaining: 0 });
    expect(server.storedEventIds()).toEqual([recorded.eventId]);
  });
});
