import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The receiver's default logger is core's: stderr only, GRADATA_LOG_LEVEL read by core's one reader
// (a bad value warned about and replaced by warn), the Authorization header never printed.
const LOGGER = path.resolve(__dirname, '../../dist/logger.js');

/** A fresh process logs one info line and one warning with a key in its headers. */
function logAt(level: string): { stdout: string; stderr: string } {
  const script = `const l = require(${JSON.stringify(LOGGER)}).createDefaultLogger();
    l.info('an info line');
    l.warn({ req: { headers: { authorization: 'Bearer gd_secret_key_123' } } }, 'a warning');`;
  const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, GRADATA_LOG_LEVEL: level }, encoding: 'utf8' });
  return { stdout: child.stdout, stderr: child.stderr };
}

test('a level that is not one is warned about on stderr and warn is used; nothing reaches stdout', () => {
  const { stdout, stderr } = logAt('loud');
  expect(stdout).toBe('');
  expect(stderr).toContain('GRADATA_LOG_LEVEL=\\"loud\\" is not a log level; using warn');
  expect(stderr).not.toContain('an info line');
  expect(stderr).toContain('a warning');
  expect(stderr).not.toContain('gd_secret_key_123');
});

test('a valid level is taken as it is', () => {
  const { stdout, stderr } = logAt('info');
  expect(stdout).toBe('');
  expect(stderr).toContain('an info line');
  expect(stderr).not.toContain('is not a log level');
});
