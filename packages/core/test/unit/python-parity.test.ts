import { analyzeCorrection } from '../../src/analysis/analyze';
import { NCD_MIN_CODE_POINTS } from '../../src/analysis/compression';
import type { Severity } from '../../src/analysis/types';
import reference from '../fixtures/diff_reference.json';

// 120 pairs with the figures the Python SDK's compute_diff gave them (copied from shared/parity/).
interface ReferencePair {
  draft: string;
  final: string;
  reference_severity: Severity;
  reference_edit_distance: number;
  reference_compression_distance: number;
}
const pairs = reference as ReferencePair[];
const codePoints = (text: string): number => [...text].length;
const isLong = (p: ReferencePair): boolean => codePoints(p.draft) + codePoints(p.final) >= NCD_MIN_CODE_POINTS;

describe('the same figures as the Python SDK (SPEC §5.3, shared/parity/diff_reference.json)', () => {
  it('holds pairs on both sides of the 200-code-point threshold, and of every severity but as-is', () => {
    expect(pairs).toHaveLength(120);
    expect(pairs.filter(isLong).length).toBeGreaterThanOrEqual(20);
    expect(pairs.filter((p) => !isLong(p)).length).toBeGreaterThanOrEqual(20);
    expect(new Set(pairs.map((p) => p.reference_severity))).toEqual(new Set(['minor', 'moderate', 'major', 'discarded']));
  });

  it.each(pairs.map((p, index) => ({ index, ...p })))(
    'pair $index: $reference_severity',
    (pair) => {
      const analysis = analyzeCorrection(pair.draft, pair.final);
      expect(analysis.severity).toBe(pair.reference_severity);
      // Both figures are rounded like Python's round(x, 6), so equal means equal to 6 decimals.
      if (isLong(pair)) expect(analysis.compressionDistance).toBe(pair.reference_compression_distance);
      else expect(analysis.editDistance).toBe(pair.reference_edit_distance);
    },
  );

  it('gives the exact edit distance on the long pairs too (they fit the exact-ratio budget)', () => {
    for (const pair of pairs.filter(isLong)) {
      expect(analyzeCorrection(pair.draft, pair.final).editDistance).toBe(pair.reference_edit_distance);
    }
  });
});
