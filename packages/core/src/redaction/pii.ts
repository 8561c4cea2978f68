import { ibanValid } from './iban';
import { luhnValid } from './luhn';
import type { RedactionRule } from './rule';

const digitCount = (value: string): number => value.replace(/\D/g, '').length;
const cardDigitsValid = (value: string): boolean => {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
};
/** Labels next to which a bare number is a phone number: "call 4155550100", "reach me at …". */
const PHONE_LABEL =
  '\\b(?:phone|tel|telephone|mobile|cell|call|fax|whatsapp|sms|text|reach)(?: (?:me|us|him|her|them|on|at|no\\.?|number|#)){0,3}[:.]? ?';

/** Personal data: e-mail addresses, phone numbers, payment cards, IBANs, US social security numbers. */
export const PII_RULES: readonly RedactionRule[] = [
  {
    kind: 'email',
    // Internationalised too (jörg@exämple.de): letters and digits of any script, so no part of the
    // address survives next to the replacement.
    pattern:
      '(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63})*\\.(?:\\p{L}{2,24}|xn--[a-z0-9-]{1,59})',
    flags: 'u',
    triggers: ['@'],
  },
  {
    kind: 'card',
    // 13–19 digits, optionally grouped by spaces or dashes; Luhn-checked.
    pattern: '(?<![\\w+.-])\\d(?:[ -]?\\d){12,18}(?![\\w]|[ -]?\\d)',
    minDigits: 13,
    minDigitRun: 4,
    accept: cardDigitsValid,
  },
  {
    kind: 'card',
    // grouped by dots: 4111.1111.1111.1111 (only in groups of four, so a decimal number is not one)
    pattern: '(?<![\\w.])\\d{4}\\.\\d{4}\\.\\d{4}\\.\\d{1,7}(?![\\w]|\\.\\d)',
    minDigits: 13,
    minDigitRun: 4,
    accept: cardDigitsValid,
  },
  {
    kind: 'iban',
    // Country code, check digits, then the account in groups of four (spaces optional); mod-97 checked.
    pattern: '(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])',
    minDigits: 6,
    minDigitRun: 2,
    accept: ibanValid,
  },
  {
    kind: 'ssn',
    // US SSN with separators; never issued: area 000, 666 or 900–999, group 00, serial 0000.
    pattern: '(?<![\\w.-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\w]|[.-]\\d)',
    minDigits: 9,
    minDigitRun: 4,
  },
  {
    kind: 'ssn',
    // without separators only after a label: "SSN: 123456789", "social security number 123 45 6789"
    pattern: '(\\b(?:ssn|social security(?: number| no\\.?)?)[:#]? ?)(?!000|666|9\\d\\d)\\d{3}[- ]?(?!00)\\d{2}[- ]?(?!0000)\\d{4}(?!\\d)',
    flags: 'i',
    keepPrefix: true,
    triggers: ['ssn', 'social security'],
    minDigits: 9,
    minDigitRun: 4,
  },
  {
    kind: 'phone',
    // international: + then digits, each optionally after one separator or in a (area) group, 8–15
    // digits in all (E.164). One digit per step: a run can be read only one way, so a long run after
    // a `+` costs a bounded backtrack, not one attempt per way of splitting it into groups.
    pattern: '(?<![\\w+])\\+[1-9](?:[ .-]?(?:\\(\\d{1,4}\\)|\\d)){7,24}(?![\\w]|[.-]\\d)',
    triggers: ['+'],
    minDigits: 8,
    accept: (value) => {
      const n = digitCount(value);
      return n >= 8 && n <= 15;
    },
  },
  {
    kind: 'phone',
    // North American: (415) 555-0100, 415-555-0100, 415.555.0100, 1-800-555-0100
    pattern: '(?<![\\w.+/#$-])(?:1[ .-])?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w]|[.-]\\d)',
    minDigits: 10,
    minDigitRun: 4,
  },
  {
    kind: 'phone',
    // national trunk prefix 0 with separators: 020 7946 0958, 06 12 34 56 78, 030-1234-5678
    pattern: '(?<![\\w.+/#$-])0\\d{1,4}(?:[ .-]\\d{2,6}){1,4}(?![\\w]|[.-]\\d)',
    minDigits: 10,
    accept: (value) => {
      const n = digitCount(value);
      return n >= 10 && n <= 12;
    },
  },
  {
    kind: 'phone',
    // a labelled number in any layout: "call me on 4155550100", "tel: 0201234567"
    pattern: `(${PHONE_LABEL})\\+?\\d[\\d ().-]{5,18}\\d(?!\\d)`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['phone', 'tel', 'mobile', 'cell', 'call', 'fax', 'whatsapp', 'sms', 'text', 'reach'],
    minDigits: 7,
    accept: (value) => {
      const n = digitCount(value);
      return n >= 7 && n <= 15;
    },
  },
  {
    kind: 'phone',
    // an unlabelled 10-digit North American number in a text that talks about calling
    // ("4155550100 — call me after 5"): area and exchange codes start at 2.
    pattern: '(?<![\\w.+/#$-])1?[2-9]\\d{2}[2-9]\\d{6}(?![\\w]|[.-]\\d)',
    triggers: ['call', 'reach', 'phone', 'text me', 'mobile', 'contact'],
    minDigits: 10,
    minDigitRun: 10,
  },
];
