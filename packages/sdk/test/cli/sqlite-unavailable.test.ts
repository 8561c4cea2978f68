import { runCli, sandbox } from '../helpers/cli';

jest.setTimeout(120_000);

/** Node lines without node:sqlite (20) cannot honour GRADATA_SQLITE_DRIVER=node:sqlite: a real load failure. */
const hasNodeSqlite = (() => {
  try {
    return Boolean((process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:sqlite'));
  } catch {
    return false;
  }
})();

// SPEC §4.1 / issue 17: when no SQLite driver can be had the CLI prints the cause and the fix on one line and exits 1.
describe('gradata without a SQLite driver', () => {
  test('a driver variable naming no driver: one line, SQLITE_UNAVAILABLE, exit 1', async () => {
    const { env, brain, home } = sandbox();
    const result = await runCli(['init', '--brain', brain], { env: { ...env, GRADATA_SQLITE_DRIVER: 'sqlite4' }, cwd: home });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error \[SQLITE_UNAVAILABLE\]: GRADATA_SQLITE_DRIVER="sqlite4" names no SQLite driver\. Fix: /);
  });

  (hasNodeSqlite ? test.skip : test)('node:sqlite forced on a Node without it: the cause and the fix, exit 1', async () => {
    const { env, brain, home } = sandbox();
    const result = await runCli(['correct', '--brain', brain, '--draft', 'a b', '--final', 'a c'], { env: { ...env, GRADATA_SQLITE_DRIVER: 'node:sqlite' }, cwd: home });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^error \[SQLITE_UNAVAILABLE\]: .*has no node:sqlite.*Fix: upgrade Node to 22\.13 or later/)]);
  });
});
