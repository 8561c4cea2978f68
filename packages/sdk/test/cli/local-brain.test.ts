import fs from 'node:fs';
import path from 'node:path';
import { parseJson, runCli, sandbox } from '../helpers/cli';

// Each test spawns several CLI processes (about 0.5 s each, several times that on a loaded CI machine).
jest.setTimeout(120_000);

/** Everything here runs without an API key: write-through is off and nothing leaves the machine. */
describe('gradata on a local brain (no key)', () => {
  test('init, correct, status --json and lessons --json round trip', async () => {
    const { env, brain, home } = sandbox();
    const init = await runCli(['init', '--brain', brain, '--json'], { env, cwd: home });
    expect(init.code).toBe(0);
    const created = parseJson(init);
    expect(created).toMatchObject({ path: brain, created: true });
    expect(created.brainId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fs.existsSync(path.join(brain, 'system.db'))).toBe(true);

    const correct = await runCli(
      ['correct', '--brain', brain, '--json', '--draft', 'Hey! Sorry, I think your refund might take 5 days.', '--final', 'Your refund will take 5 business days.'],
      { env, cwd: home },
    );
    expect(correct.code).toBe(0);
    const result = parseJson(correct);
    expect(result.eventId).toMatch(/^[0-9A-Z]{26}$/);
    expect(result.severity).toMatch(/^(as-is|minor|moderate|major|discarded)$/);
    expect(result.queued).toBe(false);
    expect(result.lesson).toMatchObject({ change: 'created', state: 'INSTINCT' });

    const status = parseJson(await runCli(['status', '--json', '--brain', brain], { env, cwd: home }));
    expect(status).toMatchObject({ brainId: created.brainId, enabled: false, reason: 'no-api-key', worker: 'off', pending: 0, dead: 0 });

    const lessons = await runCli(['lessons', '--json', '--brain', brain], { env, cwd: home });
    expect(lessons.code).toBe(0);
    expect(parseJson(lessons)).toEqual([expect.objectContaining({ id: result.lesson.id, category: result.category, state: 'INSTINCT', fireCount: 1 })]);

    const text = await runCli(['lessons', '--brain', brain], { env, cwd: home });
    expect(text.stdout).toMatch(/ID\s+STATE\s+CATEGORY\s+CONF\s+FIRES\s+DESCRIPTION/);
  });

  test('lessons pages: --limit, --after, and a hint on stderr when a page is full', async () => {
    const { env, brain, home } = sandbox();
    await runCli(['init', '--brain', brain], { env, cwd: home });
    for (const category of ['TONE', 'STYLE', 'FACTUAL']) {
      const r = await runCli(['correct', '--brain', brain, '--category', category, '--draft', 'We might maybe refund it.', '--final', 'We will refund it today.'], { env, cwd: home });
      expect(r.code).toBe(0);
    }
    const first = parseJson(await runCli(['lessons', '--json', '--limit', '2', '--brain', brain], { env, cwd: home }));
    expect(first.map((l: { category: string }) => l.category)).toEqual(['TONE', 'STYLE']);
    const rest = parseJson(await runCli(['lessons', '--json', '--after', String(first[1].id), '--brain', brain], { env, cwd: home }));
    expect(rest.map((l: { category: string }) => l.category)).toEqual(['FACTUAL']);
    const text = await runCli(['lessons', '--limit', '2', '--brain', brain], { env, cwd: home });
    expect(text.stderr).toContain(`more may follow: gradata lessons --after ${first[1].id}`);
    expect(text.stdout).not.toContain('more may follow');
    const bad = await runCli(['lessons', '--limit', '20000', '--brain', brain], { env, cwd: home });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error [BAD_OPTION]:');
  });

  test('the brain folder comes from GRADATA_BRAIN, else ./.gradata', async () => {
    const { env, brain, home } = sandbox();
    expect((await runCli(['init'], { env, cwd: home })).code).toBe(0);
    expect(fs.existsSync(path.join(home, '.gradata', 'system.db'))).toBe(true);
    expect((await runCli(['init'], { env: { ...env, GRADATA_BRAIN: brain }, cwd: home })).code).toBe(0);
    expect(fs.existsSync(path.join(brain, 'system.db'))).toBe(true);
  });

  test('a bad session is BAD_SESSION with exit 1, and nothing is written', async () => {
    const { env, brain, home } = sandbox();
    await runCli(['init', '--brain', brain], { env, cwd: home });
    const result = await runCli(['correct', '--brain', brain, '--draft', 'a', '--final', 'b', '--session', '0'], { env, cwd: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [BAD_SESSION]:');
    const lessons = parseJson(await runCli(['lessons', '--json', '--brain', brain], { env, cwd: home }));
    expect(lessons).toEqual([]);
  });

  test('identical texts are IDENTICAL with exit 1', async () => {
    const { env, brain, home } = sandbox();
    const result = await runCli(['correct', '--brain', brain, '--draft', 'same', '--final', 'same'], { env, cwd: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [IDENTICAL]:');
  });

  test('@file reads a text argument from a file; a missing file is BAD_FILE', async () => {
    const { env, brain, home } = sandbox();
    fs.writeFileSync(path.join(home, 'draft.txt'), 'Run the migrations and restart the server.');
    fs.writeFileSync(path.join(home, 'final.txt'), 'First stop the server, then run the migrations, verify the schema, and finally restart the server.');
    const ok = await runCli(['correct', '--brain', brain, '--json', '--draft', '@draft.txt', '--final', '@final.txt'], { env, cwd: home });
    expect(ok.code).toBe(0);
    expect(parseJson(ok).classifications.map((c: { kind: string }) => c.kind)).toContain('PROCESS');

    const missing = await runCli(['correct', '--brain', brain, '--draft', '@nope.txt', '--final', 'x'], { env, cwd: home });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error [BAD_FILE]: --draft');
  });

  test('--dry-run analyses without writing', async () => {
    const { env, brain, home } = sandbox();
    await runCli(['init', '--brain', brain], { env, cwd: home });
    const dry = await runCli(['correct', '--brain', brain, '--dry-run', '--draft', 'The plan costs $49.', '--final', 'The plan costs $59.'], { env, cwd: home });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run');
    expect(parseJson(await runCli(['lessons', '--json', '--brain', brain], { env, cwd: home }))).toEqual([]);
  });

  test('read commands refuse a folder without a brain (NO_BRAIN) and do not create one', async () => {
    const { env, brain, home } = sandbox();
    for (const args of [['status'], ['lessons'], ['dead', 'list'], ['end-session'], ['sync']]) {
      const result = await runCli([...args, '--brain', brain], { env, cwd: home });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error [NO_BRAIN]:');
    }
    expect(fs.existsSync(brain)).toBe(false);
  });

  test('end-session --json graduates a reinforced lesson and skips the legacy sync without a key', async () => {
    const { env, brain, home } = sandbox();
    for (const [draft, final] of [
      ['Bump the Node version to 18 in the CI workflow.', 'Bump the Node version to 20 in the CI workflow.'],
      ['Set the Node version to 18 in the Dockerfile.', 'Set the Node version to 20 in the Dockerfile.'],
    ]) {
      expect((await runCli(['correct', '--brain', brain, '--draft', draft, '--final', final], { env, cwd: home })).code).toBe(0);
    }
    const result = await runCli(['end-session', '--json', '--brain', brain], { env, cwd: home });
    expect(result.code).toBe(0);
    const ended = parseJson(result);
    expect(ended.session).toBe(1);
    expect(ended.graduated).toEqual([expect.objectContaining({ from: 'INSTINCT', to: 'PATTERN' })]);
    expect(ended.legacySync).toEqual({ ran: false, reason: 'no-api-key', pushed: 0 });

    const again = parseJson(await runCli(['end-session', '--json', '--brain', brain], { env, cwd: home }));
    expect(again.session).toBe(2);
  });

  test('sync with write-through off and nothing pending exits 0; backfill refuses', async () => {
    const { env, brain, home } = sandbox();
    await runCli(['init', '--brain', brain], { env, cwd: home });
    const sync = await runCli(['sync', '--brain', brain], { env, cwd: home });
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain('remaining 0');
    const backfill = await runCli(['backfill', '--brain', brain], { env, cwd: home });
    expect(backfill.code).toBe(1);
    expect(backfill.stderr).toContain('error [WRITE_THROUGH_OFF]: write-through is off (no-api-key)');
  });
});
