import type { RedactionRule } from './rule';

/**
 * The cheap gate, as the secret scanners do it with their keyword prefilter: one pass over the text
 * finds which rules' trigger words occur, and only those rules run. A hundred families then cost
 * about what ten do, and ordinary prose (no trigger, few digits) runs almost none.
 *
 * One-character triggers (`@`, `+`, `.`) are found with `includes`. Longer ones with one regex of
 * all of them, longest first, tried at every offset (a lookahead), so a trigger that overlaps
 * another is still seen. Once a trigger has been seen, the scan skips over its later occurrences,
 * stopping only where another trigger could start inside it: a text made of one trigger repeated
 * ("key=key=…") costs one match per repetition, not one per character.
 */
export interface RuleGate {
  /** Indices (into the rule list) of the rules that may match `text`. */
  rulesFor(text: string): number[];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function buildGate(rules: readonly RedactionRule[]): RuleGate {
  const words = [...new Set(rules.flatMap((rule) => rule.triggers ?? []).filter((t) => t.length > 1))].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : 1),
  );
  const chars = [...new Set(rules.flatMap((rule) => rule.triggers ?? []).filter((t) => t.length === 1))];
  const wordIndex = new Map(words.map((word, i) => [word, i]));
  // A seen word also stands for every trigger inside it ("sk-" for "sk"): its rules run too.
  const rulesByWord = words.map((word) =>
    rules.flatMap((rule, i) => ((rule.triggers ?? []).some((t) => t.length > 1 && word.includes(t)) ? [i] : [])),
  );
  // Where the scan may resume after a seen word: at the first offset inside it where another
  // trigger could begin (a suffix of the word that is a prefix of another trigger).
  const resumeAt = words.map((word) => {
    for (let k = 1; k < word.length; k++) {
      const suffix = word.slice(k);
      if (words.some((other) => other !== word && other.startsWith(suffix))) return k;
    }
    return word.length;
  });
  const rulesByChar = chars.map((c) => [c, rules.flatMap((rule, i) => ((rule.triggers ?? []).includes(c) ? [i] : []))] as const);
  const ungated = rules.flatMap((rule, i) => (rule.triggers === undefined ? [i] : []));
  const maxDigits = Math.max(0, ...rules.map((rule) => rule.minDigits ?? 0));
  const scan = new RegExp(`(?=(${words.map(escapeRegex).join('|')}))`, 'gi');

  return {
    rulesFor(text: string): number[] {
      const enabled = new Uint8Array(rules.length);
      for (const i of ungated) enabled[i] = 1;
      for (const [c, indices] of rulesByChar) if (text.includes(c)) for (const i of indices) enabled[i] = 1;
      const seen = new Uint8Array(words.length);
      scan.lastIndex = 0;
      for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
        const w = wordIndex.get(m[1].toLowerCase()) ?? -1;
        if (w >= 0 && seen[w] === 0) {
          seen[w] = 1;
          for (const i of rulesByWord[w]) enabled[i] = 1;
          scan.lastIndex = m.index + 1;
        } else {
          scan.lastIndex = m.index + (w >= 0 ? resumeAt[w] : 1);
        }
      }
      const digits = countDigits(text, maxDigits);
      const out: number[] = [];
      for (let i = 0; i < rules.length; i++) if (enabled[i] === 1 && digits >= (rules[i].minDigits ?? 0)) out.push(i);
      return out;
    },
  };
}

/** Digits in `text`, counted up to `limit` (the most any rule needs). */
function countDigits(text: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < text.length && count < limit; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}
