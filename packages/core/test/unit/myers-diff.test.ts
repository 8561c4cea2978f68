import { diffArrays } from 'diff';
import { ADDED, COMMON, REMOVED, TokenIds, boundedDiff } from '../../src/analysis/myers';
import type { EditRun } from '../../src/analysis/myers';

/** jsdiff's answer in our run form: the reference the bounded diff must reproduce exactly. */
function reference(before: number[], after: number[], maxEdits: number): EditRun[] | undefined {
  const changes = diffArrays(before, after, { maxEditLength: maxEdits });
  return changes?.map((c) => ({ kind: c.added ? ADDED : c.removed ? REMOVED : COMMON, count: c.count }));
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bounded Myers diff', () => {
  it('returns exactly jsdiff’s edit script, and gives up exactly where it does', () => {
    const random = prng(42);
    let compared = 0;
    let gaveUp = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const alphabet = 2 + Math.floor(random() * 12);
      const length = Math.floor(random() * 60);
      const before = Array.from({ length }, () => Math.floor(random() * alphabet));
      // Mostly edits of `before` (the realistic case), sometimes an unrelated sequence.
      const after = random() < 0.2 ? Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * alphabet)) : before.slice();
      if (after !== before) {
        const edits = Math.floor(random() * 12);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * (after.length + 1));
          const op = random();
          if (op < 0.4) after.splice(at, 1);
          else if (op < 0.8) after.splice(at, 0, Math.floor(random() * alphabet));
          else after[at] = Math.floor(random() * alphabet);
        }
      }
      const maxEdits = [4, 16, 64, 1000][trial % 4];
      const expected = reference(before, after, maxEdits);
      expect(boundedDiff(Int32Array.from(before), Int32Array.from(after), maxEdits)).toEqual(expected);
      compared++;
      if (expected === undefined) gaveUp++;
    }
    expect(compared).toBe(4000);
    expect(gaveUp).toBeGreaterThan(100); // the bound was exercised
  });

  it('handles empty sides and identical inputs', () => {
    const ints = (...values: number[]): Int32Array => Int32Array.from(values);
    expect(boundedDiff(ints(), ints(), 64)).toEqual([]);
    expect(boundedDiff(ints(1, 2), ints(1, 2), 64)).toEqual([{ kind: COMMON, count: 2 }]);
    expect(boundedDiff(ints(), ints(1, 2), 64)).toEqual([{ kind: ADDED, count: 2 }]);
    expect(boundedDiff(ints(1, 2), ints(), 64)).toEqual([{ kind: REMOVED, count: 2 }]);
    expect(boundedDiff(ints(1, 2, 3), ints(4, 5, 6), 5)).toBeUndefined();
    expect(boundedDiff(ints(1, 2, 3), ints(4, 5, 6), 6)).toEqual(reference([1, 2, 3], [4, 5, 6], 6));
  });

  it('maps equal strings to equal ids', () => {
    const ids = new TokenIds();
    expect([...ids.encode(['a', ' ', 'b', 'a'])]).toEqual([0, 1, 2, 0]);
    expect([...ids.encode(['b', 'c'])]).toEqual([2, 3]);
  });
});
