import { roundLikePython6 } from './python-round';
import { zlibLength } from './zlib-length';

/** From this many code points (draft + final) severity is read from the NCD, below from the edit distance (SPEC §5.3). */
export const NCD_MIN_CODE_POINTS = 200;

/**
 * The Python SDK's normalised compression distance, (C(ab) − min(C(a), C(b))) / max(C(a), C(b)) with
 * C = the zlib level-9 length of the UTF-8 bytes, clamped to 0..1 and rounded like Python's
 * `round(x, 6)`; 1 when exactly one side is empty, 0 when both are. No correction of the formula:
 * the same pair gets the same figure, and so the same severity, in both SDKs.
 */
export function compressionDistance(draft: string, final: string): number {
  if (draft.length === 0 && final.length === 0) return 0;
  if (draft.length === 0 || final.length === 0) return 1;
  const a = Buffer.from(draft, 'utf8');
  const b = Buffer.from(final, 'utf8');
  const sizeA = zlibLength(a);
  const sizeB = zlibLength(b);
  // Python compresses draft.encode() + final.encode(): the two encodings joined, not one encoding of the join.
  const sizeAB = zlibLength(Buffer.concat([a, b], a.length + b.length));
  const larger = Math.max(sizeA, sizeB);
  const ncd = larger === 0 ? 0 : (sizeAB - Math.min(sizeA, sizeB)) / larger;
  return roundLikePython6(ncd < 0 ? 0 : ncd > 1 ? 1 : ncd);
}
