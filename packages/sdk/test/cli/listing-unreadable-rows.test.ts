import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runCli, sandbox } from '../helpers/cli';

jest.setTimeout(120_000);

/**
 * `gradata lessons` offers the next page only after a full one. Damaged rows in the middle used
 * to make the page short, so the CLI said nothing more followed and the lessons after them were
 * never offered.
 */
test('gradata lessons: damaged rows in a page keep it full, and the hint leads on to the rest', async () => {
  const { env, brain, home } = sandbox();
  expect((await runCli(['init', '--brain', brain], { env, cwd: home })).code).toBe(0);
  const db = new BetterSqlite3(path.join(brain, 'system.db'));
  const insert = db.prepare("INSERT INTO lessons (id, category, description, state, source_event_ids) VALUES (?, 'TONE', ?, 'INSTINCT', ?)");
  for (let id = 1; id <= 5; id++) insert.run(id, `lesson number ${id}`, id === 2 || id === 3 ? '["unterminated' : '[]');
  db.close();

  const first = await runCli(['lessons', '--limit', '2', '--brain', brain], { env, cwd: home });
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('lesson number 1');
  expect(first.stdout).toContain('lesson number 4');
  expect(first.stderr).toContain('more may follow: gradata lessons --after 4');

  const rest = await runCli(['lessons', '--limit', '2', '--after', '4', '--brain', brain], { env, cwd: home });
  expect(rest.stdout).toContain('lesson number 5');
  expect(rest.stderr).not.toContain('more may follow');
});
