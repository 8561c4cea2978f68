export { redact, type RedactionResult } from './redact';
export { REDACTION_RULES, type RedactionKind, type RedactionRule } from './rules';
export { REDACTION_KINDS } from './kinds';
export { luhnValid } from './luhn';
export { ibanValid } from './iban';
