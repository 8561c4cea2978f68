/**
 * Issue 19, items 7 and 8, on a real full file system: a 16 MiB tmpfs (mounting one needs root, so
 * elsewhere this test is skipped and says so). The WAL is given back when the worker idles; a disk
 * that fills stops recording and delivery without crashing the worker thread; freeing the space
 * the README documents brings back recording and delivery.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Brain } from '@gradata/sdk';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { tmpDir, waitFor } from '../helpers';

/** What the README tells a user to free on a full disk. */
const DOCUMENTED_FREE_BYTES = 1024 * 1024;

function mountSmallTmpfs(): string | null {
  const dir = tmpDir('gradata-full-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}

const mountPoint = mountSmallTmpfs();
if (mountPoint === null) console.warn('full-disk-recovery: skipped, mounting a tmpfs needs root');
const testOnTmpfs = mountPoint === null ? test.skip : test;

describe('a brain on a disk that fills up', () => {
  let server: IngestServer;
  let brain: Brain | null = null;
  afterAll(async () => {
    await brain?.close({ drain: false, timeoutMs: 1_000 }).catch(() => undefined);
    await server?.close();
    if (mountPoint !== null) execFileSync('umount', [mountPoint]);
  });

  testOnTmpfs('gives the WAL back when idle, survives the full disk, and recovers once the documented space is freed', async () => {
    const root = mountPoint as string;
    server = await startIngestServer({ keys: ['k'], logger: false });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }));
    brain = new Brain(path.join(root, 'brain'), { apiKey: 'k', ingestUrl: server.ingestUrl, tickSec: 1, logger, exitHooks: false });
    const record = async (label: string, n: number): Promise<number> => {
      let recorded = 0;
      for (let i = 0; i < n; i++) {
        try {
          await (brain as Brain).correct(`The ${label} draft number ${i} says hello`, `The ${label} final number ${i} says goodbye`);
          recorded += 1;
        } catch (error) {
          expect(error).toMatchObject({ name: 'GradataStorageError', code: 'DISK_FULL' });
        }
      }
      return recorded;
    };
    const wal = path.join(root, 'brain', 'system.db-wal');
    const walBytes = (): number => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);

    expect(await record('before', 20)).toBe(20);
    await waitFor('delivered', () => server.storedEventIds().length === 20);
    await waitFor('the idle worker to truncate the WAL', () => walBytes() === 0, 30_000);

    // Fill the file system to the last block.
    const filler = path.join(root, 'filler');
    const fd = fs.openSync(filler, 'w');
    let filled = 0;
    for (const size of [1024 * 1024, 4096, 512]) {
      try {
        for (;;) filled += fs.writeSync(fd, Buffer.alloc(size));
      } catch {
        // ENOSPC: next, smaller blocks
      }
    }
    fs.closeSync(fd);
    expect(await record('full', 5)).toBe(0);
    // A little room: a few rows are recorded, then the worker's claims and acks fill it again.
    fs.truncateSync(filler, filled - 64 * 1024);
    await record('squeezed', 5);
    // The worker keeps retrying with backoff; a full disk does not crash it (no supervised restart).
    await waitFor('six failed rounds in a row', () => lines.some((line) => /"consecutive":([6-9]|\d\d)/.test(line)), 60_000);
    expect(lines.filter((line) => line.includes('exited unexpectedly'))).toEqual([]);

    fs.truncateSync(filler, filled - 64 * 1024 - DOCUMENTED_FREE_BYTES);
    expect(await record('after', 10)).toBe(10);
    await waitFor('everything recorded delivered', () => (brain as Brain).syncStatus().pending === 0, 60_000);
    expect(server.storedEventIds().length).toBeGreaterThanOrEqual(30);
    expect((brain as Brain).syncStatus()).toMatchObject({ worker: 'running', pending: 0 });
  }, 180_000);
});
