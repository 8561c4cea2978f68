import type { RedactionKind } from './kinds';

/** One redaction rule as data. With `keepPrefix`, group 1 is kept and only the rest is replaced. */
export interface RedactionRule {
  kind: RedactionKind;
  pattern: string;
  flags?: string;
  keepPrefix?: boolean;
  /**
   * The cheap gate (redact.ts): lower-case substrings of which at least one must occur in the text
   * for the rule to run at all. Each must be present in every text the rule can match.
   */
  triggers?: readonly string[];
  /** The gate for digit-shaped personal data: the rule runs only on texts with this many digits. */
  minDigits?: number;
  /** …and at least one run of this many adjacent digits (a card or an IBAN has groups of four). */
  minDigitRun?: number;
  /**
   * The rule only matches tokens of 16 characters or more with no space in them: it runs only on
   * texts that have such a run (most prose has none), and its triggers are searched only then.
   */
  longToken?: boolean;
  /**
   * Extra check on the replaced part (e.g. Luhn), given the kept prefix too (which name a value
   * came after); a rejected match is left as it was.
   */
  accept?: (value: string, prefix: string) => boolean;
}
