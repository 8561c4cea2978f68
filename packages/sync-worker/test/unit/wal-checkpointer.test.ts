import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WAL_SIZE_LIMIT_BYTES, enqueue, openBrainDatabase } from '@gradata/core';
import type { Database } from '@gradata/core';
import { CHECKPOINT_EVERY_MS, TRUNCATE_EVERY_MS, WalCheckpointer } from '../../src/worker/checkpoint';

/*
 * Issue 10: the worker, not the agent's correct(), moves the WAL into the database file. Proved on
 * a real SQLite file: the agent's connection has auto-checkpoint off, so only the worker's
 * checkpoint can copy frames back; a second PASSIVE checkpoint then reports what was left.
 */

let dir: string;
let agent: Database;
let worker: Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-ckpt-'));
  agent = openBrainDatabase(path.join(dir, 'system.db'));
  agent.pragma('wal_autocheckpoint = 0');
  worker = openBrainDatabase(path.join(dir, 'system.db'));
  worker.pragma('wal_autocheckpoint = 0');
});
afterEach(() => {
  agent.close();
  worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * WAL frames not yet copied into the database file: the wal-index's last valid frame (mxFrame,
 * offset 16) less the frames checkpointed (nBackfill, offset 96), read from the -shm file without
 * touching the WAL. (`wal_checkpoint(NOOP)` says the same only on SQLite 3.51+; Node 22.13's
 * node:sqlite takes it for PASSIVE and checkpoints.)
 */
function framesLeft(): number {
  const shm = fs.readFileSync(path.join(dir, 'system.db-shm'));
  return shm.readUInt32LE(16) - shm.readUInt32LE(96);
}

function write(rows: number): void {
  for (let i = 0; i < rows; i++) enqueue(agent, 'event', { i, text: 'x'.repeat(500) });
}

it('copies the agent\'s WAL frames into the database file, at most once per interval', () => {
  const checkpointer = new WalCheckpointer(worker);
  write(50);
  expect(framesLeft()).toBeGreaterThan(0);
  checkpointer.maybe(10_000);
  expect(framesLeft()).toBe(0);
  write(50);
  checkpointer.maybe(10_000 + CHECKPOINT_EVERY_MS - 1); // too soon: nothing copied
  expect(framesLeft()).toBeGreaterThan(0);
  checkpointer.maybe(10_000 + CHECKPOINT_EVERY_MS);
  expect(framesLeft()).toBe(0);
});

it('takes no write lock: it runs while the agent holds one', () => {
  const checkpointer = new WalCheckpointer(worker);
  worker.pragma('busy_timeout = 0');
  write(20);
  agent.exec('BEGIN IMMEDIATE');
  try {
    expect(() => checkpointer.maybe(10_000)).not.toThrow();
  } finally {
    agent.exec('COMMIT');
  }
  expect(framesLeft()).toBe(0);
});

describe('an idle worker gives the WAL file\'s space back (issue 19)', () => {
  const walBytes = (): number => fs.statSync(path.join(dir, 'system.db-wal')).size;

  it('every connection bounds the WAL it keeps after a checkpoint', () => {
    expect(worker.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
  });

  it('truncates the WAL to zero bytes after writes, without waiting for a reader, and restores the busy timeout', () => {
    const checkpointer = new WalCheckpointer(worker);
    write(200);
    checkpointer.maybe(1_000);
    write(10);
    expect(walBytes()).toBeGreaterThan(100_000);
    // A reader in the middle of a read transaction on frames still in the WAL: TRUNCATE would have
    // to wait for it. It does not.
    agent.exec('BEGIN');
    agent.prepare('SELECT COUNT(*) FROM sync_queue').get();
    const started = Date.now();
    expect(checkpointer.idle(10_000)).toBe(false);
    agent.exec('COMMIT');
    expect(Date.now() - started).toBeLessThan(4_000); // not the 5 s busy timeout
    expect(worker.pragma('busy_timeout', { simple: true })).toBe(5_000);
    expect(checkpointer.idle(10_000 + TRUNCATE_EVERY_MS - 1)).toBe(false); // too soon to try again
    expect(checkpointer.idle(10_000 + TRUNCATE_EVERY_MS)).toBe(true);
    expect(walBytes()).toBe(0);
    expect(checkpointer.idle(10_000 + 2 * TRUNCATE_EVERY_MS)).toBe(false); // nothing written since
  });

  it('puts back whatever busy timeout the connection had, 0 included', () => {
    const checkpointer = new WalCheckpointer(worker);
    for (const [step, timeoutMs] of [1_234, 0].entries()) {
      worker.pragma(`busy_timeout = ${timeoutMs}`);
      write(5);
      checkpointer.maybe(10_000 + step * TRUNCATE_EVERY_MS); // the worker wrote
      expect(checkpointer.idle(10_000 + step * TRUNCATE_EVERY_MS)).toBe(true);
      expect(worker.pragma('busy_timeout', { simple: true })).toBe(timeoutMs);
    }
  });
});
