import { buildGate } from './gate';
import { REDACTION_RULES, type RedactionKind, type RedactionRule } from './rules';

/** Redacted text and how many spans of each kind were replaced. */
export interface RedactionResult {
  text: string;
  counts: Partial<Record<RedactionKind, number>>;
}

/** A rule with its regex built once. */
export interface CompiledRule {
  rule: RedactionRule;
  regex: RegExp;
  token: string;
}

// Compiled once at load (STYLE: redaction configured as data, compiled once).
export const COMPILED_RULES: readonly CompiledRule[] = REDACTION_RULES.map((rule) => ({
  rule,
  regex: new RegExp(rule.pattern, `g${rule.flags ?? ''}`),
  token: `[REDACTED:${rule.kind}]`,
}));

const GATE = buildGate(REDACTION_RULES);

/** Replaces secrets and personal data with `[REDACTED:<kind>]` (SPEC §5.2), in time linear in `text`. */
export function redact(text: string): RedactionResult {
  const counts: Partial<Record<RedactionKind, number>> = {};
  if (text.length === 0) return { text, counts };
  let out = text;
  // The gate reads the original text: a replacement only removes triggers, never adds one a later
  // rule needs (every token `[REDACTED:…]` is inert to every rule).
  for (const index of GATE.rulesFor(text)) out = applyRule(out, COMPILED_RULES[index], counts);
  return { text: out, counts };
}

/** One rule over `text`, counting replacements into `counts`. */
export function applyRule(text: string, { rule, regex, token }: CompiledRule, counts: Partial<Record<RedactionKind, number>> = {}): string {
  regex.lastIndex = 0;
  if (!regex.test(text)) return text;
  regex.lastIndex = 0;
  return text.replace(regex, (match: string, ...groups: unknown[]) => {
    const prefix = rule.keepPrefix === true && typeof groups[0] === 'string' ? groups[0] : '';
    const value = match.slice(prefix.length);
    if (rule.accept !== undefined && !rule.accept(value, prefix)) return match;
    counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
    return prefix + token;
  });
}
