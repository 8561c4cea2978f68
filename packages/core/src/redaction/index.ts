export { redact, type RedactionResult } from './redact';
export { REDACTION_RULES, type RedactionKind, type RedactionRule } from './rules';
export { luhnValid } from './luhn';
