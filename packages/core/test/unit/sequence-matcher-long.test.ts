/**
 * The SequenceMatcher port on inputs longer than 200 characters, up to 5,000: where CPython's
 * "autojunk" rule would treat every element found in over 1 % of b as junk. We port
 * `autojunk=False`, so our figure must equal that one exactly, and differ from the default's.
 * Expected figures come from CPython's difflib (test/fixtures/make_long_ratios.py wrote them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { codePointLength, codePoints, sequenceRatio } from '../../src/analysis/sequence-matcher';

interface LongRatio {
  name: string;
  a: string;
  b: string;
  /** `SequenceMatcher(None, a, b, autojunk=False).ratio()` */
  ratio: number;
  /** `SequenceMatcher(None, a, b).ratio()`, autojunk on (CPython's default) */
  ratio_autojunk: number;
}

const fixture = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/long_ratios.json'), 'utf8')) as { python: string; rows: LongRatio[] };

describe(`sequenceRatio on long inputs, against CPython ${fixture.python}'s difflib`, () => {
  test.each(fixture.rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    expect(codePointLength(row.a)).toBeGreaterThan(200);
    expect(codePointLength(row.b)).toBeGreaterThan(200);
    expect(sequenceRatio(codePoints(row.a), codePoints(row.b))).toBe(row.ratio);
  });

  test('the inputs do exercise the junk rule: with autojunk, CPython gives other figures for every one', () => {
    for (const row of fixture.rows) expect(row.ratio_autojunk).not.toBe(row.ratio);
  });

  test('inputs of several thousand characters are among them', () => {
    expect(Math.max(...fixture.rows.map((row) => codePointLength(row.a)))).toBeGreaterThanOrEqual(5000);
  });
});
