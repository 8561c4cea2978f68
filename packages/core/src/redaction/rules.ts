import { luhnValid } from './luhn';

/** What a redacted span was; it appears in the replacement as `[REDACTED:<kind>]`. */
export type RedactionKind =
  | 'email'
  | 'phone'
  | 'card'
  | 'api_key'
  | 'aws_key'
  | 'github_token'
  | 'slack_token'
  | 'stripe_key'
  | 'google_api_key'
  | 'jwt'
  | 'bearer_token'
  | 'private_key'
  | 'secret';

/** One redaction rule as data. With `keepPrefix`, group 1 is kept and only the rest is replaced. */
export interface RedactionRule {
  kind: RedactionKind;
  pattern: string;
  flags?: string;
  keepPrefix?: boolean;
  /** Extra check on the replaced part (e.g. Luhn); a rejected match is left as it was. */
  accept?: (value: string) => boolean;
}

const digitCount = (value: string): number => value.replace(/\D/g, '').length;
const NOT_REDACTED = '(?!\\[REDACTED)';

/**
 * Applied in order, most specific first, so a key inside `api_key=…` or a JWT after `Bearer` is
 * named by its format. Redaction runs on the caller's thread, so every rule is linear in its input
 * (test/unit/redaction-linear-time.test.ts): each pattern starts at a literal or behind a
 * lookbehind, so an attempt starts at few offsets; every repetition is bounded or can be read only
 * one way, so a failing attempt backtracks a bounded distance; and no lazy scan can fail (it would
 * be repeated from every later start).
 */
export const REDACTION_RULES: readonly RedactionRule[] = [
  {
    kind: 'private_key',
    // To its END line, or to the end of the text when there is none (a truncated key is still a
    // secret). Because every match can end, the lazy scan never restarts from a later BEGIN line.
    pattern: '-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)',
  },
  { kind: 'jwt', pattern: '(?<![\\w-])eyJ[\\w-]{5,}\\.[\\w-]{5,}\\.[\\w-]{5,}' },
  { kind: 'api_key', pattern: '(?<![\\w-])sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}' },
  { kind: 'stripe_key', pattern: '(?<![\\w-])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}' },
  { kind: 'aws_key', pattern: '(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])' },
  { kind: 'github_token', pattern: '(?<![\\w-])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})' },
  { kind: 'slack_token', pattern: '(?<![\\w-])xox[abposr]-[A-Za-z0-9-]{10,}' },
  { kind: 'google_api_key', pattern: '(?<![\\w-])AIza[0-9A-Za-z_-]{35}' },
  { kind: 'bearer_token', pattern: `(\\b[Bb]earer\\s+)${NOT_REDACTED}[A-Za-z0-9._~+/-]{12,}=*`, keepPrefix: true },
  {
    kind: 'api_key',
    // `api_key=…`, `"x-api-key": "…"`, `access_key: …`: the name must end in the keyword. Matching
    // from the keyword (not from the start of the name) keeps one attempt per keyword occurrence.
    pattern: `((?:api[_-]?key|apikey|access[_-]?key)["']?\\s*[:=]\\s*["']?)${NOT_REDACTED}[^\\s"',;]{8,}`,
    flags: 'i',
    keepPrefix: true,
    accept: (value) => /\d/.test(value) || value.length >= 20,
  },
  {
    kind: 'secret',
    // `token: …`, `client_secret=…`, `password=…`; `max_tokens: 4096` or `tokenizer=…` are left alone.
    pattern: `((?:secret|token|password|passwd|pwd|credentials?)["']?\\s*[:=]\\s*["']?)${NOT_REDACTED}[^\\s"',;]{8,}`,
    flags: 'i',
    keepPrefix: true,
    accept: (value) => /\d/.test(value) || value.length >= 20,
  },
  {
    kind: 'email',
    pattern: '(?<![\\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}',
  },
  {
    kind: 'card',
    pattern: '(?<![\\w+.-])\\d(?:[ -]?\\d){12,18}(?![\\w]|[ -]?\\d)',
    accept: (value) => {
      const digits = value.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    },
  },
  {
    kind: 'phone',
    // international: + then digits, each optionally after one separator or in a (area) group, 8–15
    // digits in all (E.164). One digit per step: a run can be read only one way, so a long run after
    // a `+` costs a bounded backtrack, not one attempt per way of splitting it into groups.
    pattern: '(?<![\\w+])\\+[1-9](?:[ .-]?(?:\\(\\d{1,4}\\)|\\d)){7,24}(?![\\w]|[.-]\\d)',
    accept: (value) => {
      const n = digitCount(value);
      return n >= 8 && n <= 15;
    },
  },
  {
    kind: 'phone',
    // North American: (415) 555-0100, 415-555-0100, 415.555.0100, 1-800-555-0100
    pattern: '(?<![\\w.+/#$-])(?:1[ .-])?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w]|[.-]\\d)',
  },
  {
    kind: 'phone',
    // national trunk prefix 0 with separators: 020 7946 0958, 06 12 34 56 78, 030-1234-5678
    pattern: '(?<![\\w.+/#$-])0\\d{1,4}(?:[ .-]\\d{2,6}){1,4}(?![\\w]|[.-]\\d)',
    accept: (value) => {
      const n = digitCount(value);
      return n >= 10 && n <= 12;
    },
  },
  {
    kind: 'phone',
    // a labelled number in any layout: "call me on 4155550100", "tel: 0201234567"
    pattern: '(\\b(?:phone|tel|telephone|mobile|cell|call|fax|whatsapp|sms)(?: (?:me|us|on|at|no\\.?|number|#)){0,3}[:.]? ?)\\+?\\d[\\d ().-]{5,18}\\d(?!\\d)',
    flags: 'i',
    keepPrefix: true,
    accept: (value) => {
      const n = digitCount(value);
      return n >= 7 && n <= 15;
    },
  },
];

/**
 * Cheap gate: text with none of these cannot match any rule (every rule needs an `@`, two adjacent
 * digits, or one of these prefixes/keywords), so most ordinary prose skips the per-rule passes.
 */
export const REDACTION_GATE = /@|\d\d|sk-|_live_|_test_|A[KSGIRN][IPNO]A|gh[pousr]_|github_pat_|xox[abposr]-|AIza|eyJ|earer|key|secret|token|passw|pwd|credential|PRIVATE KEY/i;
