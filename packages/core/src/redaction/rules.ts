import { ASSIGNMENT_RULES } from './assignments';
import { CREDENTIAL_RULES } from './credentials';
import { PII_RULES } from './pii';
import type { RedactionRule } from './rule';
import { VENDOR_TOKEN_RULES } from './vendor-tokens';

export type { RedactionKind } from './kinds';
export type { RedactionRule } from './rule';

const [PRIVATE_KEY_RULES, OTHER_CREDENTIAL_RULES] = [
  CREDENTIAL_RULES.filter((rule) => rule.kind === 'private_key'),
  CREDENTIAL_RULES.filter((rule) => rule.kind !== 'private_key'),
];

const JWT_RULE: RedactionRule = {
  kind: 'jwt',
  // header.payload.signature, each base64url; an unsigned token (alg "none") has an empty signature.
  pattern: '(?<![\\w-])eyJ[\\w-]{5,}\\.(?:eyJ[\\w-]{5,}\\.[\\w-]*|[\\w-]{5,}\\.[\\w-]{5,})',
  triggers: ['eyj'],
  longToken: true,
};

/**
 * Applied in order, most specific first: key blocks whole, then formats that name their vendor,
 * then credentials found by their place (headers, URLs, connection strings), then `name = value`
 * assignments, then personal data. A later rule leaves a value an earlier one already replaced.
 *
 * Redaction runs on the caller's thread, so every rule is linear in its input
 * (test/unit/redaction-linear-time.test.ts): each pattern starts at a literal or behind a
 * lookbehind, so an attempt starts at few offsets; every repetition is bounded or can be read only
 * one way, so a failing attempt backtracks a bounded distance; and no lazy scan can fail (it would
 * be repeated from every later start).
 */
export const REDACTION_RULES: readonly RedactionRule[] = [
  ...PRIVATE_KEY_RULES,
  JWT_RULE,
  ...VENDOR_TOKEN_RULES,
  ...OTHER_CREDENTIAL_RULES,
  ...ASSIGNMENT_RULES,
  ...PII_RULES,
];
