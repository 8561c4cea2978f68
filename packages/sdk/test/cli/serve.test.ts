import { once } from 'node:events';
import readline from 'node:readline';
import { spawnCli, sandbox } from '../helpers/cli';

// Each test spawns several CLI processes (about 0.5 s each, several times that on a loaded CI machine).
jest.setTimeout(120_000);

describe('gradata serve', () => {
  test('--port 0 prints one URL line, answers /healthz and ingest, and exits 0 on SIGTERM', async () => {
    const { env, home } = sandbox();
    const child = spawnCli(['serve', '--port', '0', '--keys', 'k1,k2'], { env, cwd: home });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const lines = readline.createInterface({ input: child.stdout! });
      const [url] = (await once(lines, 'line')) as [string];
      lines.on('line', (line) => (stdout += `${line}\n`));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(new URL(url).port)).toBeGreaterThan(0);

      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const unauthorised = await fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(unauthorised.status).toBe(401);
      const wrongShape = await fetch(`${url}/api/v1/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer k2' },
        body: '{}',
      });
      expect(wrongShape.status).toBe(422);

      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(stdout).toBe(''); // exactly one line on stdout: the URL
      expect(stderr).toContain('SIGTERM');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  test('without --keys it generates one and says so on stderr', async () => {
    const { env, home } = sandbox();
    const child = spawnCli(['serve'], { env, cwd: home });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const lines = readline.createInterface({ input: child.stdout! });
      const [url] = (await once(lines, 'line')) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The note is written before the URL line, so it is on stderr by now (or within a moment).
      const noted = async (): Promise<RegExpMatchArray | null> => {
        for (let i = 0; i < 100 && !/generated key \S+\n/.test(stderr); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        return /no --keys given: accepting the generated key (demo-[0-9a-f]{24})\n/.exec(stderr);
      };
      const match = await noted();
      expect(match).not.toBeNull();
      const key = (match as RegExpMatchArray)[1] as string;
      // The key it announced is the key it accepts ({} is then refused for its shape, not its key).
      const post = (bearer: string) =>
        fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: '{}' });
      expect((await post(key)).status).toBe(422);
      expect((await post('demo-000000000000000000000000')).status).toBe(401);
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
