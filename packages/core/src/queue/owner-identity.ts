import fs from 'node:fs';

/*
 * Who holds a lease, precisely enough to decide whether that holder is gone. A pid means something
 * only inside its pid namespace and its boot: two containers sharing a brain volume and a hostname
 * each have a pid 1, and a pid is reused after it exits. So an owner id also records the pid
 * namespace, the boot id and the process start time (Linux /proc); where they cannot be read, or an
 * owner does not carry them, the lease is left to expire — in doubt, wait.
 */

/** What an owner id says about its process. */
export interface LeaseOwnerIdentity {
  pid: number;
  host: string;
  /** `<pid namespace>.<boot id>`: pids are comparable only within one; null when unknown. */
  scope: string | null;
  /** The process start time (clock ticks after boot); tells a reused pid apart. Null when unknown. */
  startTicks: string | null;
}

function readOrNull(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

let cachedScope: string | null | undefined;

/** This process's `<pid namespace inode>.<boot id>`, or null where the platform does not say. */
export function localLeaseScope(): string | null {
  if (cachedScope !== undefined) return cachedScope;
  const namespace = readOrNull(() => fs.readlinkSync('/proc/self/ns/pid'))?.match(/\[(\d+)\]/)?.[1] ?? null;
  const bootId = readOrNull(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'))?.trim().replace(/-/g, '') ?? null;
  cachedScope = namespace && bootId && /^[0-9a-f]+$/i.test(bootId) ? `${namespace}.${bootId}` : null;
  return cachedScope;
}

/** Fields 3 (state) and 22 (start time) of /proc/<pid>/stat, or null when that process or file does not exist. */
function processStat(pid: number): { state: string; startTicks: string | null } | null {
  const stat = readOrNull(() => fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[19];
  return { state: fields[0] ?? '', startTicks: start !== undefined && /^\d+$/.test(start) ? start : null };
}

/** Field 22 of /proc/<pid>/stat (start time), or null when that process or file does not exist. */
export function processStartTicks(pid: number): string | null {
  return processStat(pid)?.startTicks ?? null;
}

/**
 * A zombie (Z) has exited and only waits for its parent to read its status; a dead one (X) is
 * going. Either keeps its pid and start time, and signal 0 still reaches it, so both are asked for.
 */
function hasExited(stat: { state: string } | null): boolean {
  return stat !== null && (stat.state === 'Z' || stat.state === 'X');
}

/** `${randomId}:${pid}:${host}`, plus `#${scope}.${startTicks}` where this platform can tell them. */
export function formatLeaseOwner(randomId: string, pid: number, host: string): string {
  const scope = localLeaseScope();
  const startTicks = scope === null ? null : processStartTicks(pid);
  return scope === null ? `${randomId}:${pid}:${host}` : `${randomId}:${pid}:${host}#${scope}.${startTicks ?? ''}`;
}

/** Reads an owner id written by `formatLeaseOwner` (or by an older version, without the scope). */
export function parseLeaseOwner(owner: string): LeaseOwnerIdentity | null {
  const hash = owner.lastIndexOf('#');
  const head = hash < 0 ? owner : owner.slice(0, hash);
  const first = head.indexOf(':');
  const second = head.indexOf(':', first + 1);
  if (first < 0 || second < 0) return null;
  const pid = Number(head.slice(first + 1, second));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const host = head.slice(second + 1);
  if (hash < 0) return { pid, host, scope: null, startTicks: null };
  const tail = owner.slice(hash + 1);
  const lastDot = tail.lastIndexOf('.');
  if (lastDot < 0) return { pid, host, scope: null, startTicks: null };
  const startTicks = tail.slice(lastDot + 1);
  return { pid, host, scope: tail.slice(0, lastDot) || null, startTicks: /^\d+$/.test(startTicks) ? startTicks : null };
}

/**
 * True unless the process is known to be gone: no such pid, a zombie, or that pid now belongs to a
 * process started at another time (the pid was reused). Other doubts count as alive.
 */
export function isProcessAlive(pid: number, startTicks: string | null = null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = processStat(pid);
  if (hasExited(stat)) return false; // a zombie agent (an init that does not reap, say) holds nothing
  if (startTicks === null) return true;
  const current = stat?.startTicks ?? null;
  return current === null || current === startTicks;
}

/**
 * True only when `owner` is provably a live process on this host other than this one: the same
 * host name, pid namespace and boot, and that pid still has the start time the owner id recorded.
 * Whatever it cannot prove (another host, an owner id without scope or start time, a platform
 * without /proc) is false, and so is any owner of this process (an earlier thread of its own, or
 * of a second handle on the same brain, whose leases only a thread here can judge).
 */
export function isLiveLocalOwner(owner: string, host: string): boolean {
  const parsed = parseLeaseOwner(owner);
  const scope = localLeaseScope();
  if (parsed === null || scope === null || parsed.scope !== scope || parsed.host !== host) return false;
  if (parsed.pid === process.pid || parsed.startTicks === null) return false;
  const stat = processStat(parsed.pid);
  return !hasExited(stat) && stat?.startTicks === parsed.startTicks;
}
