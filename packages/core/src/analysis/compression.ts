import { deflateRawSync } from 'node:zlib';

/** Below this combined length zlib's fixed overhead swamps the signal, so NCD is not used (SPEC §5.2). */
export const NCD_MIN_CHARS = 200;

// Level 9 costs no more than the default on short texts and finds the longest back-references,
// which is what NCD measures. Raw deflate: no header or checksum bytes to skew small sizes.
const LEVEL = 9;
// The output buffer zlib allocates per call (default 16 KiB, a fresh allocation each time) is sized
// to the text instead: a short text's output then comes from Node's small-buffer pool, which keeps
// the garbage collector out of the hot path. Chunking never changes the compressed bytes.
const SMALL_CHUNK = 1024;
const SMALL_OPTIONS = { level: LEVEL, chunkSize: SMALL_CHUNK } as const;
const LARGE_OPTIONS = { level: LEVEL, chunkSize: 16 * 1024 } as const;

function compressedSize(text: string): number {
  return deflateRawSync(text, text.length <= SMALL_CHUNK ? SMALL_OPTIONS : LARGE_OPTIONS).length;
}

/**
 * Normalised compression distance, (C(xy) − min(C(x), C(y))) / max(C(x), C(y)), corrected for
 * zlib's self-distance: for real texts of a few hundred to a few thousand characters, C(xx) − C(x)
 * is 3–10 % of C(x), so raw NCD never drops below ~0.03 and the `as-is` band (< 0.02) would be
 * unreachable. That floor f = C(dd) − C(d) (d = the draft, f ≤ 10 % of C(d)) is taken off both numerator and
 * denominator, so identical texts score 0 and unrelated ones still score about 1. Clamped to 0..1.
 * zlib's 32 KiB window means texts far beyond that see less of each other; inputs are capped at
 * 100,000 characters upstream (SPEC §5.1), which keeps that effect bounded.
 */
export function normalizedCompressionDistance(draft: string, final: string): number {
  if (draft === final) return 0;
  const draftSize = compressedSize(draft);
  const finalSize = compressedSize(final);
  const jointSize = compressedSize(draft + final);
  // Capped at 10 % of C(d): on degenerate, highly repetitive input (one character repeated) the
  // repeat costs as much as the text itself and would swallow the whole signal.
  const floor = draft.length === 0 ? 0 : Math.min(0.1 * draftSize, Math.max(0, compressedSize(draft + draft) - draftSize));
  const larger = Math.max(draftSize, finalSize);
  if (larger - floor <= 0) return 1;
  const distance = (jointSize - Math.min(draftSize, finalSize) - floor) / (larger - floor);
  return distance < 0 ? 0 : distance > 1 ? 1 : distance;
}

/** The textbook NCD without the self-distance correction (for comparison and diagnostics). */
export function rawCompressionDistance(draft: string, final: string): number {
  if (draft === final) return 0;
  const draftSize = compressedSize(draft);
  const finalSize = compressedSize(final);
  const distance = (compressedSize(draft + final) - Math.min(draftSize, finalSize)) / Math.max(draftSize, finalSize);
  return distance < 0 ? 0 : distance > 1 ? 1 : distance;
}

/** NCD when draft + final is at least 200 characters, else the given edit distance (SPEC §5.2). */
export function compressionDistance(draft: string, final: string, editDistance: number): number {
  return draft.length + final.length >= NCD_MIN_CHARS ? normalizedCompressionDistance(draft, final) : editDistance;
}
