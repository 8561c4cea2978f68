import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SDK_DIST, cleanEnv, tmpDir } from '../helpers';

// Issue 20 item 4: the library path never loads the CLI's dependencies (commander, cli-progress
// and the string-width chain under it). Checked in a fresh process running dist, as users do:
// require the SDK, record a correction with delivery on, read the status, close.
jest.setTimeout(60_000);

// The CLI's dependencies and the CLI's own modules (the commands, doctor and its probe).
const CLI_ONLY = /[\\/]node_modules[\\/](commander|cli-progress|string-width)[\\/]|[\\/]sdk[\\/]dist[\\/]cli[\\/]/;

function loadedModules(script: string): string[] {
  const out = execFileSync(process.execPath, ['-e', script], { env: cleanEnv(), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}

test('recording, delivering and closing through the library loads no CLI dependency', () => {
  const dir = path.join(tmpDir(), 'brain');
  const script = `
    const { Brain } = require(${JSON.stringify(SDK_DIST)});
    (async () => {
      const brain = new Brain(${JSON.stringify(dir)}, { apiKey: 'k', ingestUrl: 'http://127.0.0.1:9/ingest', exitHooks: false, delivery: { maxConcurrency: 1 } });
      await brain.correct('Ship it on Monday.', 'Ship it on Tuesday.');
      brain.syncStatus();
      brain.lessons();
      await brain.close({ drain: false, timeoutMs: 1000 });
      console.log(JSON.stringify(Object.keys(require.cache)));
    })();`;
  const loaded = loadedModules(script);
  expect(loaded.some((file) => file.includes(`${path.sep}dist${path.sep}index.js`))).toBe(true);
  expect(loaded.filter((file) => CLI_ONLY.test(file))).toEqual([]);
});

test('the check sees them when the CLI is loaded (control)', () => {
  const cliMain = path.join(path.dirname(SDK_DIST), 'cli', 'program.js');
  const loaded = loadedModules(`require(${JSON.stringify(cliMain)}); console.log(JSON.stringify(Object.keys(require.cache)));`);
  expect(loaded.filter((file) => CLI_ONLY.test(file)).length).toBeGreaterThan(0);
});
