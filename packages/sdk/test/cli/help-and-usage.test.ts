import { runCli, sandbox } from '../helpers/cli';

// Each test spawns several CLI processes (about 0.5 s each, several times that on a loaded CI machine).
jest.setTimeout(120_000);

const COMMANDS = [
  ['init'], ['correct'], ['status'], ['lessons'], ['sync'], ['dead'], ['dead', 'list'], ['dead', 'retry'], ['dead', 'purge'],
  ['backfill'], ['end-session'], ['serve'], ['demo'], ['doctor'],
];

describe('gradata --help and usage errors', () => {
  const { env, home } = sandbox();

  test('the top-level help lists every command and exits 0', async () => {
    const result = await runCli(['--help'], { env, cwd: home });
    expect(result.code).toBe(0);
    for (const [name] of COMMANDS) expect(result.stdout).toContain(name);
  });

  test.each(COMMANDS.map((words) => [words.join(' '), words]))('`%s --help` exits 0 with a usage line', async (_name, words) => {
    const result = await runCli([...(words as string[]), '--help'], { env, cwd: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: gradata ${(words as string[]).join(' ')}`);
    expect(result.stdout).toContain('--brain <dir>');
  });

  test('--version exits 0', async () => {
    const result = await runCli(['--version'], { env, cwd: home });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['status', '--bogus']],
    ['a missing required option', ['correct', '--draft', 'only a draft']],
    ['a bad option value', ['demo', '--count', 'many']],
    ['a bad lesson state', ['lessons', '--state', 'WISE']],
    ['a bad port', ['serve', '--port', '70000']],
    ['a bad dead row id', ['dead', 'retry', 'x1']],
    ['no command at all', []],
  ])('%s exits 2', async (_what, args) => {
    const result = await runCli(args, { env, cwd: home });
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('error [');
  });
});
