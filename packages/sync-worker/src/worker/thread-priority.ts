import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How much lower than the agent's thread the delivery thread runs (nice steps; 19 is the floor). */
export const DELIVERY_NICE_STEPS = 10;
const LOWEST_PRIORITY = 19;

/**
 * Lower this worker thread's scheduling priority, and only this thread's (Linux: a thread id
 * passed to setpriority names one thread). Measured at 200 corrections/s on a busy 2-core
 * machine, the agent's slow correct() calls with write-through on were mostly time spent
 * runnable but not running (/proc/<tid>/schedstat), not waiting on SQLite's lock: the delivery
 * thread's HTTP work, woken by every reply, took the CPU from the agent's thread. Delivery is
 * background work, so it yields; under CFS a nice thread still gets its share, so it never starves.
 * Returns the nice value now set, or null where one thread cannot be reniced alone (never the
 * whole process: on other platforms the same call would slow the agent too).
 */
export async function lowerDeliveryThreadPriority(): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  let tid: number;
  try {
    // Start libuv's thread pool (shared with the agent's thread) before the renice, as threads a
    // thread creates inherit its nice value; then read our own id synchronously, on this thread
    // (an asynchronous readlink would run on a pool thread and name that one).
    await fs.promises.access('/proc/thread-self');
    tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
  } catch {
    return null;
  }
  if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return null;
  try {
    const nice = Math.min(LOWEST_PRIORITY, os.getPriority(tid) + DELIVERY_NICE_STEPS);
    os.setPriority(tid, nice);
    return os.getPriority(tid);
  } catch {
    return null;
  }
}
