import type { RedactionRule } from './rule';

/**
 * The cheap gate, as the secret scanners do it with their keyword prefilter: one pass over the text
 * finds which rules' trigger words occur, and only those rules run (plus the digit-shaped ones when
 * the text has enough digits). A hundred families then cost about what ten do, and ordinary prose
 * (no trigger, few digits) runs almost none of them.
 *
 * The pass is one regex of all the triggers, longest first, over the lower-cased text. After a match
 * the scan resumes at the first offset inside it where another trigger could begin (where a suffix
 * of the match is a prefix of another trigger), so overlapping triggers are all seen, and a text
 * made of one trigger repeated ("key=key=…") costs one match per repetition. (The same search as a
 * lookahead tried at every offset is four times slower in V8: it loses the literal quick checks.)
 */
export interface RuleGate {
  /** Indices (into the rule list), in order, of the rules that may match `text`. */
  rulesFor(text: string): number[];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Characters a vendor token is made of: a text without 16 of them in a row holds no such token.
 * Written out sixteen times rather than `{16}`: V8 then checks several characters at once and
 * skips ahead, several times faster on prose (measured), and still one bounded attempt per offset.
 */
const LONG_TOKEN = new RegExp('[A-Za-z0-9_+/=.~|:%-]'.repeat(16));

export function buildGate(rules: readonly RedactionRule[]): RuleGate {
  const triggersOf = (pick: (rule: RedactionRule) => boolean): string[] =>
    [...new Set(rules.filter(pick).flatMap((rule) => rule.triggers ?? []))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const everyTrigger = triggersOf(() => true);
  for (const t of everyTrigger) {
    if (!/^[\x20-\x7e]+$/.test(t) || t !== t.toLowerCase()) throw new Error(`redaction trigger must be lower-case ASCII: ${t}`);
  }
  // Two scans: the few words of the keyword and personal-data rules on every text, the many vendor
  // prefixes only on texts with a long token in them.
  const everyText = new TriggerScan(rules, triggersOf((rule) => rule.longToken !== true));
  const tokenTexts = new TriggerScan(rules, triggersOf((rule) => rule.longToken === true));
  const ungated = rules.flatMap((rule, i) => (rule.triggers === undefined ? [i] : []));

  const minDigits = Int32Array.from(rules, (rule) => rule.minDigits ?? 0);
  const minDigitRun = Int32Array.from(rules, (rule) => rule.minDigitRun ?? 0);
  const needsLongToken = Uint8Array.from(rules, (rule) => (rule.longToken === true ? 1 : 0));
  // Reused across calls (redact() is synchronous, so no two calls share them at once).
  const enabled = new Uint8Array(rules.length);
  return {
    rulesFor(text: string): number[] {
      enabled.fill(0);
      for (const i of ungated) enabled[i] = 1;
      const lower = text.toLowerCase();
      const hasLongToken = LONG_TOKEN.test(text);
      everyText.enable(lower, enabled);
      if (hasLongToken) tokenTexts.enable(lower, enabled);
      // Counted once per text, and only when a digit-shaped rule is still in the running.
      let digits: DigitShape | null = null;
      const out: number[] = [];
      for (let i = 0; i < rules.length; i++) {
        if (enabled[i] === 0 || (needsLongToken[i] === 1 && !hasLongToken)) continue;
        if (minDigitRun[i] > 0 || minDigits[i] > 0) {
          digits ??= digitShape(text);
          if (digits.longestRun < minDigitRun[i] || digits.count < minDigits[i]) continue;
        }
        out.push(i);
      }
      return out;
    },
  };
}

interface DigitShape {
  /** ASCII digits in the text. */
  count: number;
  /** The longest run of consecutive ASCII digits. */
  longestRun: number;
}

/** One pass over `text`: how many digits it holds and its longest run of them. */
function digitShape(text: string): DigitShape {
  let count = 0;
  let run = 0;
  let longestRun = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      count++;
      run++;
      if (run > longestRun) longestRun = run;
    } else {
      run = 0;
    }
  }
  return { count, longestRun };
}

/** Matches of triggers already seen, after which the scan drops them from its regex. */
const WASTED_MATCHES_BEFORE_REBUILD = 64;

/** One regex of trigger words, and which rules each one switches on. */
class TriggerScan {
  private readonly index: Map<string, number>;
  private readonly rulesOf: number[][];
  /** Each trigger with the triggers inside it ("sk-" holds "sk"): seeing it is seeing them. */
  private readonly contained: number[][];
  private readonly resumeAt: number[];
  private readonly singles: number[];
  private readonly words: number[];
  private readonly regex: RegExp;
  private readonly seen: Uint8Array;

  constructor(rules: readonly RedactionRule[], private readonly triggers: readonly string[]) {
    this.index = new Map(triggers.map((t, i) => [t, i]));
    this.rulesOf = triggers.map((t) => rules.flatMap((rule, i) => ((rule.triggers ?? []).includes(t) ? [i] : [])));
    this.contained = triggers.map((t) => triggers.flatMap((u, j) => (t.includes(u) ? [j] : [])));
    this.resumeAt = triggers.map((t) => {
      for (let k = 1; k < t.length; k++) if (triggers.some((other) => other !== t && other.startsWith(t.slice(k)))) return k;
      return t.length;
    });
    // One-character triggers (`@`, `+`, `.`) are found with `includes`: in the regex, a text full
    // of them would cost one match per character.
    this.singles = triggers.flatMap((t, i) => (t.length === 1 ? [i] : []));
    this.words = triggers.flatMap((t, i) => (t.length > 1 ? [i] : []));
    this.regex = this.regexOf(this.words);
    this.seen = new Uint8Array(triggers.length);
  }

  private regexOf(indices: readonly number[]): RegExp {
    return new RegExp(indices.map((i) => escapeRegex(this.triggers[i])).join('|'), 'g');
  }

  /** Marks in `enabled` the rules whose triggers occur in `lower` (the lower-cased text). */
  enable(lower: string, enabled: Uint8Array): void {
    const { seen } = this;
    seen.fill(0);
    const see = (t: number): void => {
      for (const u of this.contained[t]) {
        if (seen[u] === 1) continue;
        seen[u] = 1;
        for (const i of this.rulesOf[u]) enabled[i] = 1;
      }
    };
    for (const t of this.singles) if (lower.includes(this.triggers[t])) see(t);
    if (this.words.length === 0) return;
    let regex = this.regex;
    let wasted = 0;
    regex.lastIndex = 0;
    for (let m = regex.exec(lower); m !== null; m = regex.exec(lower)) {
      const t = this.index.get(m[0]) ?? 0;
      const resume = m.index + this.resumeAt[t];
      if (seen[t] === 0) see(t);
      else if (++wasted >= WASTED_MATCHES_BEFORE_REBUILD) {
        // A text repeating what was seen ("sk-sk-sk-…"): go on with the triggers not seen yet.
        const unseen = this.words.filter((u) => seen[u] === 0);
        if (unseen.length === 0) return;
        regex = this.regexOf(unseen);
        wasted = 0;
      }
      regex.lastIndex = resume;
    }
  }
}
