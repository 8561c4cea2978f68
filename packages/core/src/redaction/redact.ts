import { REDACTION_GATE, REDACTION_RULES, type RedactionKind, type RedactionRule } from './rules';

/** Redacted text and how many spans of each kind were replaced. */
export interface RedactionResult {
  text: string;
  counts: Partial<Record<RedactionKind, number>>;
}

interface CompiledRule {
  rule: RedactionRule;
  regex: RegExp;
  token: string;
}

// Compiled once at load (STYLE: redaction configured as data, compiled once).
const COMPILED: readonly CompiledRule[] = REDACTION_RULES.map((rule) => ({
  rule,
  regex: new RegExp(rule.pattern, `g${rule.flags ?? ''}`),
  token: `[REDACTED:${rule.kind}]`,
}));

/** Replaces secrets and personal data with `[REDACTED:<kind>]` (SPEC §5.3). */
export function redact(text: string): RedactionResult {
  const counts: Partial<Record<RedactionKind, number>> = {};
  if (text.length === 0 || !REDACTION_GATE.test(text)) return { text, counts };
  let out = text;
  for (const { rule, regex, token } of COMPILED) {
    regex.lastIndex = 0;
    if (!regex.test(out)) continue;
    regex.lastIndex = 0;
    out = out.replace(regex, (match: string, ...groups: unknown[]) => {
      const prefix = rule.keepPrefix === true && typeof groups[0] === 'string' ? groups[0] : '';
      const value = match.slice(prefix.length);
      if (rule.accept !== undefined && !rule.accept(value)) return match;
      counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
      return prefix + token;
    });
  }
  return { text: out, counts };
}
