import { spawn } from 'node:child_process';
import path from 'node:path';
import { enqueueCorrections, makeBrain, removeBrain, startReceiver } from './helpers';
import type { Brain } from './helpers';

const DIST = path.resolve(__dirname, '../../dist/index.js');

/** Runs a script in a fresh node process; resolves with its exit code and output. */
function runNode(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

describe('the worker never keeps the process alive', () => {
  let brain: Brain;
  beforeEach(() => {
    brain = makeBrain();
  });
  afterEach(() => removeBrain(brain));

  test('a process that starts a worker and never stops it still exits on its own, and a flush it awaits completes first', async () => {
    const { server } = await startReceiver();
    try {
      enqueueCorrections(brain.db, 3);
      const script = `
        const { SyncWorker } = require(process.env.DIST);
        const w = new SyncWorker({ dbPath: process.env.DB, apiKey: 'gd_test_key_7f3a9c2e', ingestUrl: process.env.URL, tickSec: 1 });
        w.start();
        w.flush({ timeoutMs: 10000 }).then((r) => console.log('flushed', JSON.stringify(r)));
        process.on('exit', (code) => console.log('exit', code));
      `;
      const { code, out } = await runNode(script, { DIST, DB: brain.dbPath, URL: server.ingestUrl });
      expect(out).toContain('flushed {"delivered":3,"dead":0,"remaining":0,"leasedElsewhere":0}');
      expect(out).toContain('exit 0');
      expect(code).toBe(0);
      expect(server.counts().stored).toBe(3);
    } finally {
      await server.close();
    }
  });
});
