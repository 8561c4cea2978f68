import { roundLikePython6 } from './python-round';
import { codePoints, sequenceRatio } from './sequence-matcher';
import { NCD_MIN_CODE_POINTS } from './compression';
import { diffTokens } from './similarity';
import type { TokenDiff } from './similarity';

/**
 * Work allowed for the exact ratio once the pair reaches 200 code points, where the edit distance no
 * longer decides severity. Ordinary texts need far less (a 2,000-character rewrite takes about
 * 200,000 steps); a pathological one (a long run of one character) would need cubic time, so past
 * this the token-level ratio stands in (SPEC §5.3 allows a bounded approximation there). About 5–10 ms.
 * Under 200 code points there is no budget: the work is at most 100³ steps and the figure must be exact.
 */
export const EXACT_RATIO_MAX_STEPS = 2_000_000;

/**
 * 1 − `difflib.SequenceMatcher(None, draft, final, autojunk=False).ratio()` over code points,
 * rounded like Python's `round(x, 6)`: the Python SDK's `edit_distance`. Exact under 200 code points,
 * and above them whenever the exact ratio fits the step budget; otherwise 1 − the token-level ratio
 * of `diffTokens` (a character-weighted ratio over words), computed from `diff` when given.
 */
export function editDistance(draft: string, final: string, diff?: TokenDiff): number {
  const a = codePoints(draft);
  const b = codePoints(final);
  const budget = a.length + b.length < NCD_MIN_CODE_POINTS ? Infinity : EXACT_RATIO_MAX_STEPS;
  const ratio = sequenceRatio(a, b, budget) ?? (diff ?? diffTokens(draft, final)).similarity;
  return roundLikePython6(1 - ratio);
}
