import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tmpDir(prefix = 'gradata-sdk-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export const silent = pino({ level: 'silent' });

/** Poll until `condition` holds; fails with `what` after `timeoutMs`. Never asserts on elapsed time. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The built SDK entry (child processes run dist, as users do). */
export const SDK_DIST = path.resolve(__dirname, '../../dist/index.js');

/** An environment with no GRADATA_* variables from the parent. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GRADATA_')) env[key] = value;
  return { ...env, HOME: tmpDir('gradata-home-'), ...extra };
}
