import { COMMON_CAPITALISED } from './lexicon';

/**
 * Checkable facts: URLs, e-mail addresses, numbers (prices, dates, times, versions, ids), month and
 * weekday names, and capitalised words in mid-sentence (names of people, products, places).
 * Every alternative starts behind a boundary so a long run is scanned once, not once per offset.
 */
const FACT_RE = new RegExp(
  [
    'https?:\\/\\/[^\\s<>"\')\\]]+',
    'www\\.[^\\s<>"\')\\]]+',
    '(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+',
    // numbers, except the "1." or "2)" that numbers a list item
    '(?<![\\w.,:\\/$-])(?!(?<=^[ \\t]{0,16})\\d{1,3}[.)][ \\t])[$€£#]?\\d(?:[\\d,.:\\/-]*\\d)?%?',
    '\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\b',
    '(?<=[a-z,;:] )[A-Z][a-z]+(?: [A-Z][a-z]+)*',
  ].join('|'),
  'gm',
);

/** The facts a text states, in order of appearance (duplicates kept). */
export function extractFacts(text: string): string[] {
  const found = text.match(FACT_RE);
  if (found === null) return [];
  return found.filter((fact) => !COMMON_CAPITALISED.has(fact));
}

/** Facts present on one side only, as multisets. */
export function diffFacts(draft: string, final: string): { removed: string[]; added: string[] } {
  const draftFacts = extractFacts(draft);
  const finalFacts = extractFacts(final);
  if (draftFacts.length === 0 && finalFacts.length === 0) return { removed: [], added: [] };
  const remaining = new Map<string, number>();
  for (const fact of finalFacts) remaining.set(fact, (remaining.get(fact) ?? 0) + 1);
  const removed: string[] = [];
  for (const fact of draftFacts) {
    const n = remaining.get(fact);
    if (n !== undefined && n > 0) remaining.set(fact, n - 1);
    else removed.push(fact);
  }
  const added: string[] = [];
  for (const [fact, n] of remaining) for (let i = 0; i < n; i++) added.push(fact);
  return { removed, added };
}
