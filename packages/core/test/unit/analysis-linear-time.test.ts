import { analyzeCorrection } from '../../src/analysis/analyze';

/**
 * Corrections up to 20,000 characters are analysed on the caller's thread (SPEC §5.3), so the
 * analysis must be linear in the input too. The fact finder's list-number exclusion used to look
 * back over the whole run of blanks before every blank (10 s on 99,000 spaces). Time for 2n ≤ 3 ×
 * time for n, in CPU time, best of several runs; no speed is asserted.
 */
const N = 9_000;
const rep = (unit: string) => (n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const INPUTS: Record<string, (n: number) => string> = {
  spaces: rep(' '),
  tabs: rep('\t'),
  'blank lines': rep(' \n'),
  'a.': rep('a.'),
  '12-': rep('12-'),
  'list items': rep('\n 1. item '),
  UUIDs: rep('123e4567-e89b-12d3-a456-426614174000 '),
};

function bestCpuMs(fn: () => unknown): number {
  fn();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

it.each(Object.entries(INPUTS))('analyzeCorrection is linear on %s', (_name, make) => {
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio > 3; attempt++) {
    const small = bestCpuMs(() => analyzeCorrection('Short draft.', make(N)));
    const large = bestCpuMs(() => analyzeCorrection('Short draft.', make(2 * N)));
    ratio = large < 1 ? 0 : large / small; // under 1 ms of CPU on 18,000 characters nothing is quadratic
  }
  expect(ratio).toBeLessThanOrEqual(3);
}, 120_000);
