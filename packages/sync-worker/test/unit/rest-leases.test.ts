import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { leaseOwnerId, localLeaseScope } from '@gradata/core';
import { RestLeases } from '../../src/main/rest-leases';

// Which leases wake a resting thread: owners this host can prove alive are left to themselves
// until a lease of theirs stays unchanged for leaseSec; every other owner wakes it at once.

const HOST = os.hostname();
const LEASE_MS = 60_000;
const linux = localLeaseScope() !== null ? test : test.skip;

/** Another live process on this host, as an agent sharing the brain would be. */
function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', reject);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('RestLeases', () => {
  let clockMs = 0;
  const leasesAt = () => new RestLeases(LEASE_MS / 1000, HOST, () => clockMs);
  beforeEach(() => {
    clockMs = 1_000;
  });

  linux('a live process’s lease wakes nobody while it changes, and wakes the thread once unchanged for leaseSec', async () => {
    const child = await otherProcess();
    try {
      const owner = leaseOwnerId('other', child.pid as number, HOST);
      const leases = leasesAt();
      expect(leases.needThread([{ id: 1, owner, until: 100 }])).toBe(false);
      clockMs += LEASE_MS - 1;
      // Renewed (a new round): watched afresh.
      expect(leases.needThread([{ id: 1, owner, until: 160 }])).toBe(false);
      clockMs += LEASE_MS - 1;
      expect(leases.needThread([{ id: 1, owner, until: 160 }])).toBe(false);
      clockMs += 1;
      expect(leases.needThread([{ id: 1, owner, until: 160 }])).toBe(true);
      // A new rest watches afresh.
      leases.forget();
      expect(leases.needThread([{ id: 1, owner, until: 160 }])).toBe(false);
    } finally {
      child.kill();
      await exited(child);
    }
  });

  linux('the same owner, gone, wakes the thread at once', async () => {
    const child = await otherProcess();
    const owner = leaseOwnerId('other', child.pid as number, HOST);
    const leases = leasesAt();
    expect(leases.needThread([{ id: 1, owner, until: 100 }])).toBe(false);
    child.kill();
    await exited(child);
    expect(leases.needThread([{ id: 1, owner, until: 100 }])).toBe(true);
  });

  test('an owner this host cannot prove alive wakes the thread at once: another host, an old owner id, this process', () => {
    const leases = leasesAt();
    expect(leases.needThread([{ id: 1, owner: leaseOwnerId('far', process.pid, 'another-host'), until: 100 }])).toBe(true);
    expect(leases.needThread([{ id: 2, owner: `old:${process.pid}:${HOST}`, until: 100 }])).toBe(true);
    expect(leases.needThread([{ id: 3, owner: leaseOwnerId('mine', process.pid, HOST), until: 100 }])).toBe(true);
    expect(leases.needThread([])).toBe(false);
  });
});
