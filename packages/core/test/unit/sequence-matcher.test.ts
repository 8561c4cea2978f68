import { editDistance, EXACT_RATIO_MAX_STEPS } from '../../src/analysis/edit-distance';
import { roundLikePython6 } from '../../src/analysis/python-round';
import { codePointLength, codePoints, sequenceRatio } from '../../src/analysis/sequence-matcher';

const ratio = (a: string, b: string): number | undefined => sequenceRatio(codePoints(a), codePoints(b));

describe("sequenceRatio: difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()", () => {
  it.each([
    // [a, b, CPython 3.11's ratio]
    ['abcd', 'bcde', 0.75],
    ['abxcd', 'abcd', 0.8888888888888888],
    [' abcd', 'abcd abcd', 0.7142857142857143],
    ['private Thread currentThread;', 'private volatile Thread currentThread;', 0.8656716417910447],
    ['', '', 1],
    ['abc', '', 0],
    ['Yes.', 'No way.', 0.18181818181818182],
  ])('%p vs %p → %p', (a, b, expected) => {
    expect(ratio(a, b)).toBe(expected);
  });

  it('takes the longest block first, not a minimal edit (where Myers/LCS differ)', () => {
    // An LCS keeps "cb" (2 of 3); difflib takes the earliest longest block, a's first "b" against
    // b's last "b", and nothing is left on either side of it. Python: 0.3333333333333333.
    expect(ratio('bcb', 'cab')).toBe(1 / 3);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('a😀b')).toBe(3);
    expect(Array.from(codePoints('a😀b'))).toEqual([0x61, 0x1f600, 0x62]);
    // Python: SequenceMatcher(None, '😀a', '😀b').ratio() == 0.5
    expect(ratio('😀a', '😀b')).toBe(0.5);
  });

  it('gives up past its step budget, and only then', () => {
    const run = 'a'.repeat(3000);
    expect(sequenceRatio(codePoints(run), codePoints(run + 'b'), 1000)).toBeUndefined();
    expect(sequenceRatio(codePoints('abcd'), codePoints('bcde'), 1000)).toBe(0.75);
  });
});

describe('editDistance', () => {
  it('is exact under 200 code points, even on the worst case for the algorithm', () => {
    // Python: round(1 - SequenceMatcher(None, 'a'*99, 'a'*100, autojunk=False).ratio(), 6) == 0.005025
    expect(editDistance('a'.repeat(99), 'a'.repeat(100))).toBe(0.005025);
  });

  it('falls back to the word-level ratio on long pathological input instead of running for seconds', () => {
    // 'ab' × 5,000 against its shifted copy would cost far more than the budget.
    const draft = 'ab'.repeat(5000);
    const final = 'b' + 'ab'.repeat(4999) + 'a';
    const steps = codePoints(draft).length * codePoints(final).length;
    expect(steps).toBeGreaterThan(EXACT_RATIO_MAX_STEPS);
    const distance = editDistance(draft, final);
    expect(distance).toBeGreaterThanOrEqual(0);
    expect(distance).toBeLessThanOrEqual(1);
  });
});

describe("roundLikePython6: Python's round(x, 6)", () => {
  it('breaks exact ties to even, as Python does, and rounds everything else correctly', () => {
    // Python: [round(k / 128, 6) for k in (1, 3, 5, 127)]
    expect([1, 3, 5, 127].map((k) => roundLikePython6(k / 128))).toEqual([0.007812, 0.023438, 0.039062, 0.992188]);
    expect(roundLikePython6(0.1234565)).toBe(0.123456); // below the tie in binary
    expect(roundLikePython6(2 / 3)).toBe(0.666667);
    expect(roundLikePython6(0)).toBe(0);
    expect(roundLikePython6(1)).toBe(1);
  });
});
