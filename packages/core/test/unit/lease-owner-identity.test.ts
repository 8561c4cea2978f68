import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDueRows, enqueue, isLiveLocalOwner, leaseOwnerId, localLeaseScope, openBrainDatabase, parseLeaseOwner, processStartTicks, reclaimOrphanedLeases } from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

/** The pid of a process that has already exited (on this host, in this pid namespace). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

const HOST = os.hostname();
const linux = localLeaseScope() !== null ? it : it.skip;
let db: Database;

beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

/** One pending row leased by `owner` for ten minutes; returns its id. */
function leasedBy(owner: string): number {
  const id = enqueue(db, 'event', { owner }, { eventId: `E-${owner}` });
  db.prepare('UPDATE sync_queue SET lease_owner = ?, lease_until = ? WHERE id = ?').run(owner, Date.now() / 1000 + 600, id);
  return id;
}

function leaseOwnerOf(id: number): string | null {
  return (db.prepare('SELECT lease_owner FROM sync_queue WHERE id = ?').get(id) as { lease_owner: string | null }).lease_owner;
}

linux('an owner id records the pid namespace, the boot id and the start time, and reads back', () => {
  const owner = leaseOwnerId('abc123', process.pid, HOST);
  const parsed = parseLeaseOwner(owner);
  expect(parsed).toEqual({ pid: process.pid, host: HOST, scope: localLeaseScope(), startTicks: processStartTicks(process.pid) });
  expect(parsed?.scope).toMatch(/^\d+\.[0-9a-f]{32}$/);
  expect(parsed?.startTicks).toMatch(/^\d+$/);
});

linux('a dead pid in another pid namespace (another container, same hostname) is in doubt: its lease waits for expiry', () => {
  const [namespace, bootId] = (localLeaseScope() as string).split('.');
  const otherContainer = `x:${deadPid()}:${HOST}#${Number(namespace) + 1}.${bootId}.12345`;
  const otherBoot = `y:${deadPid()}:${HOST}#${namespace}.${'0'.repeat(32)}.12345`;
  const olderVersion = `z:${deadPid()}:${HOST}`; // no scope recorded: cannot tell
  const ids = [leasedBy(otherContainer), leasedBy(otherBoot), leasedBy(olderVersion)];
  expect(reclaimOrphanedLeases(db, { host: HOST })).toBe(0);
  expect(ids.map(leaseOwnerOf)).toEqual([otherContainer, otherBoot, olderVersion]);
});

linux('a dead pid in this namespace and boot is reclaimed at once', () => {
  const owner = leaseOwnerId('gone', deadPid(), HOST);
  const id = leasedBy(owner);
  expect(reclaimOrphanedLeases(db, { host: HOST })).toBe(1);
  expect(leaseOwnerOf(id)).toBeNull();
});

/**
 * A zombie on this host: a child that has exited under a parent that never reaps it (`sh` replaced
 * by `sleep` through exec), as an agent becomes under an init that does not reap. Resolves with its pid.
 */
async function withZombie(use: (pid: number) => void): Promise<void> {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
    const state = () => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    for (let i = 0; i < 200 && state() !== 'Z'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state()).toBe('Z');
    use(pid);
  } finally {
    parent.kill();
  }
}

linux('a zombie (exited, not yet reaped) is gone: its lease is reclaimed at once, and a rest watch does not count it live', async () => {
  await withZombie((pid) => {
    const owner = leaseOwnerId('zombie', pid, HOST);
    expect(parseLeaseOwner(owner)?.startTicks).toMatch(/^\d+$/); // its stat still reads, start time and all
    expect(isLiveLocalOwner(owner, HOST)).toBe(false);
    const id = leasedBy(owner);
    expect(reclaimOrphanedLeases(db, { host: HOST })).toBe(1);
    expect(leaseOwnerOf(id)).toBeNull();
  });
});

linux('a reused pid (same pid, another start time) is a new process: the old owner’s lease is reclaimed', () => {
  const live = leaseOwnerId('me', process.pid, HOST);
  const reused = live.replace(/\.\d+$/, `.${Number(processStartTicks(process.pid)) - 1}`);
  const liveRow = leasedBy(live);
  const reusedRow = leasedBy(reused);
  expect(reclaimOrphanedLeases(db, { host: HOST })).toBe(1);
  expect(leaseOwnerOf(liveRow)).toBe(live);
  expect(leaseOwnerOf(reusedRow)).toBeNull();
});

it('where the platform cannot tell (no scope), nothing is reclaimed before expiry', () => {
  const owner = `gone:${deadPid()}:${HOST}`;
  const id = leasedBy(owner);
  expect(reclaimOrphanedLeases(db, { host: HOST, scope: null })).toBe(0);
  expect(leaseOwnerOf(id)).toBe(owner);
  expect(claimDueRows(db, { owner: 'other', now: Date.now() / 1000 })).toEqual([]);
});
