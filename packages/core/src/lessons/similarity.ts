/** Per-category word-set similarity needed to reinforce a lesson instead of creating one (SPEC §10). */
const THRESHOLDS: Readonly<Record<string, number>> = { FACTUAL: 0.6, PROCESS: 0.5, TONE: 0.3, STYLE: 0.3 };
const DEFAULT_THRESHOLD = 0.35;

export function reinforceThreshold(category: string): number {
  return THRESHOLDS[category] ?? DEFAULT_THRESHOLD;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu;

/** Lower-cased words of two or more characters. */
export function wordSet(text: string): Set<string> {
  const words = new Set<string>();
  // A global match returns plain strings: no match object per word, unlike matchAll.
  const matches = text.toLowerCase().match(WORD);
  if (matches !== null) for (const word of matches) if (word.length > 1) words.add(word);
  return words;
}

/** Jaccard similarity of two word sets: |A ∩ B| / |A ∪ B|. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
