import fs from 'node:fs';
import { useWorkerFixture, waitFor } from './helpers';

/*
 * Issue 10 (correct() p99 with write-through on): the delivery thread runs at a lower scheduling
 * priority than the agent's thread, and only that thread is reniced (Linux: per-thread nice).
 */

/** nice value of each thread of this process (Linux /proc). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after "(comm) ": state is field 3, nice is field 19 → index 16 here.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nices.set(Number(tid), Number(fields[16]));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return nices;
}

const linux = process.platform === 'linux';

(linux ? describe : describe.skip)('delivery thread priority', () => {
  const fx = useWorkerFixture();

  test('the worker thread alone runs 10 nice steps below the agent', async () => {
    const before = threadNices();
    const mainNice = before.get(process.pid) as number;
    const worker = fx.makeWorker();
    worker.start();
    const expected = Math.min(19, mainNice + 10);
    await waitFor('a reniced thread', () => [...threadNices().values()].includes(expected));
    const after = threadNices();
    const reniced = [...after].filter(([, nice]) => nice !== mainNice);
    expect(reniced).toHaveLength(1);
    expect(reniced[0]?.[1]).toBe(expected);
    // The agent's thread and every thread that was there before keep their priority.
    expect(after.get(process.pid)).toBe(mainNice);
    for (const [tid, nice] of before) if (after.has(tid)) expect(after.get(tid)).toBe(nice);
    await worker.stop({ drain: false, timeoutMs: 5_000 });
  });
});
