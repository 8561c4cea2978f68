/**
 * `gradata serve` tells a person where to point an agent: after the URL line on stdout, a line on
 * stderr names the ingest endpoint (URL + /api/v1/ingest). Scripts read stdout; this line is for the
 * human at the terminal, and the README's quick start relies on it.
 */
import { once } from 'node:events';
import readline from 'node:readline';
import { spawnCli, sandbox } from '../helpers/cli';

jest.setTimeout(60_000);

test('after its URL, serve prints "ingest endpoint: <URL>/api/v1/ingest" on stderr', async () => {
  const { env, home } = sandbox();
  const child = spawnCli(['serve', '--port', '0', '--keys', 'k1'], { env, cwd: home });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const lines = readline.createInterface({ input: child.stdout! });
    const [url] = (await once(lines, 'line')) as [string];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The line is written in the same tick as the URL; after SIGTERM and exit, all of stderr is in.
    child.kill('SIGTERM');
    await once(child, 'close');
    expect(stderr).toContain(`ingest endpoint: ${url}/api/v1/ingest`);
    expect(stderr.split('\n').filter((line) => line.includes('ingest endpoint:'))).toHaveLength(1);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
