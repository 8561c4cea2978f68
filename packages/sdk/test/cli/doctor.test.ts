import fs from 'node:fs';
import path from 'node:path';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer, ReceivedRequest } from '@gradata/ingest-server';
import { checkNode } from '../../src/cli/doctor/node-support';
import { parseJson, runCli, sandbox } from '../helpers/cli';
import { closedPort } from '../../../sync-worker/test/integration/closed-port';

// Each test spawns a few CLI processes (about 0.5 s each, several times that on a loaded machine).
jest.setTimeout(120_000);

const KEY = 'doctor-test-key-0123456789';

interface JsonCheck {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  detail: string;
  data?: Record<string, any>;
}

function byName(report: { checks: JsonCheck[] }): Record<string, JsonCheck> {
  return Object.fromEntries(report.checks.map((check) => [check.name, check]));
}


describe('gradata doctor against a real receiver on 127.0.0.1', () => {
  let server: IngestServer;
  let requests: ReceivedRequest[];

  beforeEach(async () => {
    requests = [];
    server = await startIngestServer({ port: 0, keys: [KEY], logger: false, onRequest: (info) => requests.push(info) });
  });
  afterEach(async () => {
    await server.close();
  });

  test('a healthy set-up: every check on its own line, exit 0, the endpoint asked without a correction or the key', async () => {
    const { env, brain, home } = sandbox({ GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: server.ingestUrl });
    // A generous delivery budget: a worker thread starting on a loaded machine can take seconds.
    expect((await runCli(['correct', '--brain', brain, '--timeout-ms', '60000', '--draft', 'It costs $49.', '--final', 'It costs $59.'], { env, cwd: home })).code).toBe(0);
    expect(server.counts().ingest).toBe(1);
    const answersBefore = Object.values(server.counts().byStatus).reduce((a, b) => a + b, 0);

    const json = await runCli(['doctor', '--brain', brain, '--json'], { env, cwd: home });
    expect(json.code).toBe(0);
    const report = parseJson<{ ok: boolean; checks: JsonCheck[] }>(json);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual([
      'node', 'sqlite-driver', 'sqlite-version', 'brain-folder', 'schema', 'backlog', 'dead', 'pause', 'key', 'ingest', 'endpoint',
    ]);
    const checks = byName(report);
    expect(checks['sqlite-driver'].data).toMatchObject({ driver: expect.stringMatching(/^(better-sqlite3|node:sqlite)$/) });
    expect(checks['sqlite-version'].data!.version).toMatch(/^3\.\d+\.\d+$/);
    expect(checks['brain-folder']).toMatchObject({ level: 'ok', data: { exists: true, freeMb: expect.any(Number) } });
    expect(checks.schema).toMatchObject({ level: 'ok' });
    expect(checks.backlog).toMatchObject({ level: 'ok', data: { pending: 0 } });
    expect(checks.key).toMatchObject({ level: 'ok', data: { present: true, source: 'GRADATA_API_KEY', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    expect(checks.ingest).toMatchObject({ level: 'ok', data: { url: server.ingestUrl, proxy: null } });
    expect(checks.endpoint).toMatchObject({ level: 'ok', data: { answered: true, status: expect.any(Number) } });
    // No correction reached the receiver: one more answer (to doctor's GET), no ingest; the key is in no output.
    expect(server.counts().ingest).toBe(1);
    expect(Object.values(server.counts().byStatus).reduce((a, b) => a + b, 0)).toBe(answersBefore + 1);
    expect(requests.every((r) => r.route === 'ingest' && r.status === 200)).toBe(true);
    expect(json.stdout).not.toContain(KEY);

    const text = await runCli(['doctor', '--brain', brain], { env, cwd: home });
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines.slice(0, 11).every((line) => /^(ok|warn|fail)\s+[a-z-]+\s+\S/.test(line))).toBe(true);
    expect(text.stdout).toMatch(/^ok\s+endpoint\s+answers \(HTTP \d{3}/m);
    expect(text.stdout).not.toContain(KEY);
  });

  test('the endpoint down: a fail line and exit 1', async () => {
    const { env, brain, home } = sandbox({ GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: `http://127.0.0.1:${await closedPort()}/api/v1/ingest` });
    const text = await runCli(['doctor', '--brain', brain], { env, cwd: home });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^fail\s+endpoint\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ingest does not answer: connect ECONNREFUSED/m);
    const report = parseJson(await runCli(['doctor', '--brain', brain, '--json'], { env, cwd: home }));
    expect(report.ok).toBe(false);
    expect(byName(report).endpoint).toMatchObject({ level: 'fail', data: { answered: false } });
    // Doctor reads; it never creates the brain it was pointed at.
    expect(fs.existsSync(brain)).toBe(false);
    expect(byName(report).schema.level).toBe('warn');
  });

  test('dead rows and an auth pause are warnings (exit 0), the backlog counted', async () => {
    const { env, brain, home } = sandbox({ GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: server.ingestUrl });
    server.pushScript({ status: 422, body: { error: 'malformed' } });
    // Generous budgets for a loaded machine: a 422 ends the first drain and an auth pause the second at once.
    await runCli(['correct', '--brain', brain, '--timeout-ms', '60000', '--draft', 'It costs $49.', '--final', 'It costs $59.'], { env, cwd: home });
    server.setKeys(['another-key']);
    await runCli(['correct', '--brain', brain, '--timeout-ms', '60000', '--draft', 'Use Node 18.', '--final', 'Use Node 20.'], { env, cwd: home });
    server.setKeys([KEY]);

    const result = await runCli(['doctor', '--brain', brain, '--json'], { env, cwd: home });
    expect(result.code).toBe(0);
    const checks = byName(parseJson(result));
    expect(checks.dead).toMatchObject({ level: 'warn', data: { dead: 1 } });
    expect(checks.dead.detail).toContain('gradata dead list');
    expect(checks.backlog.data).toMatchObject({ pending: 1 });
    expect(checks.pause).toMatchObject({ level: 'warn', data: { paused: true, reason: 'auth' } });
  });

  test('the proxy in effect is named (never its credentials) and the endpoint is asked through it', async () => {
    const proxyPort = await closedPort();
    const { env, brain, home } = sandbox({
      GRADATA_API_KEY: KEY,
      GRADATA_CLOUD_INGEST_URL: 'https://ingest.example.test/api/v1/ingest',
      HTTPS_PROXY: `http://user:secret-pw@127.0.0.1:${proxyPort}`,
    });
    const result = await runCli(['doctor', '--brain', brain, '--json'], { env, cwd: home });
    expect(result.code).toBe(1);
    const checks = byName(parseJson(result));
    expect(checks.ingest).toMatchObject({ level: 'ok', data: { proxy: { variable: 'HTTPS_PROXY', host: `127.0.0.1:${proxyPort}` } } });
    expect(checks.endpoint).toMatchObject({ level: 'fail', data: { answered: false } });
    expect(checks.endpoint.detail).toContain(`ECONNREFUSED 127.0.0.1:${proxyPort}`);
    expect(result.stdout).not.toContain('secret-pw');
  });

  test('without a key an unreachable endpoint is a warning; a plain-http remote URL is a fail', async () => {
    const down = sandbox({ GRADATA_CLOUD_INGEST_URL: `http://127.0.0.1:${await closedPort()}/api/v1/ingest` });
    const noKey = await runCli(['doctor', '--brain', down.brain, '--json'], { env: down.env, cwd: down.home });
    expect(noKey.code).toBe(0);
    expect(byName(parseJson(noKey))).toMatchObject({ key: { level: 'warn' }, endpoint: { level: 'warn' } });

    const insecure = sandbox({ GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: 'http://ingest.example.test/api/v1/ingest' });
    const result = await runCli(['doctor', '--brain', insecure.brain], { env: insecure.env, cwd: insecure.home });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail\s+ingest\s+http:\/\/ingest\.example\.test\/api\/v1\/ingest is not https/m);
  });

  test('no SQLite driver: one fail line with SQLITE_UNAVAILABLE and its fix, exit 1', async () => {
    // A value naming no driver fails on every Node line, whichever drivers load there.
    const { env, brain, home } = sandbox({ GRADATA_DISABLE_WRITE_THROUGH: '1', GRADATA_SQLITE_DRIVER: 'sqlite4' });
    const result = await runCli(['doctor', '--brain', brain], { env, cwd: home });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail\s+sqlite-driver\s+\[SQLITE_UNAVAILABLE\] GRADATA_SQLITE_DRIVER="sqlite4" names no SQLite driver\. Fix: /m);
    expect(result.stdout).not.toMatch(/^\S+\s+schema/m);
  });

  test('a brain folder that cannot be created is a fail', async () => {
    // A path under a regular file: unwritable even for root, which a read-only mode would not stop.
    const { env, home } = sandbox({ GRADATA_DISABLE_WRITE_THROUGH: '1' });
    const file = path.join(home, 'not-a-folder');
    fs.writeFileSync(file, '');
    const result = await runCli(['doctor', '--brain', path.join(file, 'brain'), '--json'], { env, cwd: home });
    expect(result.code).toBe(1);
    const checks = byName(parseJson(result));
    expect(checks['brain-folder']).toMatchObject({ level: 'fail', data: { exists: false } });
    expect(checks['brain-folder'].detail).toMatch(/is not writable: ENOTDIR/);
    expect(checks.endpoint).toMatchObject({ level: 'ok', data: { asked: false } });
  });
});

describe('doctor: the Node line', () => {
  const today = new Date('2026-12-02T00:00:00Z');
  test.each([
    ['v18.20.0', 'fail', /too old/],
    ['v20.20.2', 'warn', /out of support since 2026-04-30; better-sqlite3 only/],
    ['v22.12.0', 'warn', /no node:sqlite/],
    ['v22.13.0', 'ok', /supported until 2027-04-30/],
    ['v24.22.3', 'ok', /supported until 2028-04-30/],
    ['v25.1.0', 'warn', /out of support since 2026-06-01/],
    ['v26.12.1', 'ok', /supported until 2029-04-30/],
    ['v28.0.0', 'ok', /newer than this SDK release knows/],
  ])('%s is %s', (version, level, detail) => {
    const check = checkNode(version, today);
    expect(check.level).toBe(level);
    expect(check.detail).toMatch(detail);
  });
});
