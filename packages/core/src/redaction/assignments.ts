import type { RedactionRule } from './rule';

/**
 * `name = value` in any of the shapes config files and code use: `.env` and INI (`=`), YAML and JSON
 * (`:`), Go (`:=`), Make (`?=`, `::=`), PHP (`.=`, `=>`), Java (`setProperty("NAME", "value")`),
 * XML (`<name>value</name>`), a type between name and operator (`var apiToken string = …`), quoted
 * or not, with an escaped quote (`\"`) inside JSON strings. The name must END in the keyword
 * (`max_tokens: 4096` or `tokenizer=…` are left alone), so an attempt starts only at a keyword.
 * A `]` may follow the name only after a quote (`config['SECRET_KEY'] = …`): a replacement already
 * made (`[REDACTED:github_token]`) ends in a keyword too, and must not name the next value.
 */
const NAME_TAIL = `(?:[\\\\"'\`]{1,3}\\]?)?(?:[ \\t]{0,4}:?[ \\t]{0,4}(?:str|string|String))?`;
const OPERATOR = '[ \\t]{0,4}(?::{0,3}=|\\?=|\\.=|\\+=|\\|\\|=|=>|=|:|,|>)\\s{0,12}';
const OPEN_QUOTE = `(?:\\\\?["'\`])?`;
const NOT_REDACTED = '(?!\\[REDACTED)';
/**
 * An unquoted value (or a quoted one without spaces): up to a space, quote, separator or escape.
 * Taken whole (a lookahead capture and its backreference: an atomic group), with a `(` after it
 * taken too, so `password = getenv("DB_PASSWORD")` matches as `getenv(` and `notACall` refuses it
 * as a call (not a password `geten`). Refusing in the pattern instead (`(?!\()`) made a match fail
 * after reading the value, and the next attempt, one keyword on, read the rest again: quadratic on
 * `password=password=…(`.
 */
const BARE_VALUE = `${NOT_REDACTED}(?=(?<value>[^\\s"'\`,;&<>(){}\\[\\]\\\\]{6,}))\\k<value>\\(?`;

/** A bare value followed by `(` is a function call: never a secret. */
const notACall =
  (accept: (value: string, prefix: string) => boolean) =>
  (value: string, prefix: string): boolean =>
    !value.endsWith('(') && accept(value, prefix);

/** Type names, placeholders and labels that fill a secret's slot in code without being one. */
const NOT_SECRETS = new Set([
  'string', 'number', 'boolean', 'undefined', 'required', 'optional', 'object', 'integer', 'unknown',
  'nullable', 'readonly', 'private', 'public', 'protected', 'password', 'secret', 'token', 'hidden',
  'redacted', 'masked', 'example', 'placeholder', 'default', 'length', 'expired', 'invalid', 'enabled',
  'disabled', 'bearer', 'basic',
]);

/** `${VAR}`, `{{ tmpl }}`, `%(name)s`, `$(cmd)`, `$DB_PASSWORD`, `****`, `xxxxxx`, `......` */
const PLACEHOLDER = /^(?:\$\{|\{\{|%\(|\$\(|\$[A-Z_][A-Z0-9_]*$|\*+$|[xX]+$|\.+$)/;
/** `config.apiKey`, `process.env.TOKEN`, `self.secret`: a property path (checked without digits). */
const PROPERTY_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/**
 * False for what fills a secret's place in code: a type, a variable reference, a property path, or
 * the next line's key (`password:` then `  url:` below it, read across the line break).
 */
export function looksLikeSecretValue(value: string): boolean {
  if (value.endsWith(':') || PLACEHOLDER.test(value) || NOT_SECRETS.has(value.toLowerCase())) return false;
  return !(PROPERTY_PATH.test(value) && !/[0-9]/.test(value));
}

/** `word` in any case, for the case-sensitive rules. */
const ci = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
/** A qualifier after the keyword that keeps the name a secret's: `SECRET_KEY_BASE`, `token_prod`. */
const NAME_SUFFIX = `(?:[_.-](?:${ci('base|value|prod|production|dev|test|live|staging')}|[vV][0-9]))?`;

/** Password-like names (the value is replaced whatever it looks like, from 6 characters). */
const PASSWORD_NAMES = 'pass(?:word|wd|phrase|code)?|pwd|pswd';
/** Token- and secret-like names. */
const SECRET_NAMES = 'secret|token|credentials?|auth|private[_-]?key[_-]?id';
/** Names of keys that are secrets by definition (`api_key`, `accessKey`, `SECRET_KEY`, …). */
const SECRET_KEY_NAMES =
  'api[_.-]?key|(?:access|secret|private|client|app|auth|master|license|signing|account|encryption|consumer|subscription|admin|deploy|ingest)[_.-]?key';
/**
 * Any other name ending in "key" (`STRIPE_KEY`, `mapboxKey`, `x-key`), case-sensitive so `monkey`
 * is not one. `cache_key: user_id` or `sort_key` are keys of another sort: the value must look
 * generated (letters and digits, or 20 characters) and not be a path.
 */
const OTHER_KEY_NAMES = `[_.-]${ci('key')}|[a-z0-9]Key|[A-Z0-9]KEY`;
const looksGenerated = (value: string): boolean =>
  looksLikeSecretValue(value) && !/^[/~.]/.test(value) && ((/[0-9]/.test(value) && /[A-Za-z]/.test(value)) || value.length >= 20);
/** Both kinds of key names in one rule (one pass, one callback per match); the leftmost name wins. */
const KEY_NAMES = `${ci(SECRET_KEY_NAMES)}|${OTHER_KEY_NAMES}`;
const SECRET_KEY_NAME_FIRST = new RegExp(`^(?:${SECRET_KEY_NAMES})`, 'i');
/** A key name's value: a secret key's as any secret, another key's only when it looks generated. */
const keyValueAccepted = (value: string, prefix: string): boolean =>
  SECRET_KEY_NAME_FIRST.test(prefix) ? looksLikeSecretValue(value) : looksGenerated(value);

/** The two rules for one family of names: a quoted value with spaces first, then a bare value. */
function assignmentRules(
  kind: RedactionRule['kind'],
  names: string,
  flags: string,
  triggers: readonly string[],
  accept: (value: string, prefix: string) => boolean = looksLikeSecretValue,
): RedactionRule[] {
  const prefix = `(?:${names})${NAME_SUFFIX}${NAME_TAIL}${OPERATOR}`;
  return [
    {
      kind,
      // "correct horse battery staple": up to the closing quote, at most 200 characters.
      pattern: `(${prefix}\\\\?(["'\`]))${NOT_REDACTED}(?:(?!\\2)[^\\n\\\\]){6,200}(?=\\2)`,
      flags,
      keepPrefix: true,
      triggers,
      accept: (value, prefix) => /\s/.test(value.trim()) && accept(value, prefix),
    },
    {
      kind,
      pattern: `(${prefix}${OPEN_QUOTE})${BARE_VALUE}`,
      flags,
      keepPrefix: true,
      triggers,
      accept: notACall(accept),
    },
  ];
}

/** Keyword assignments, applied after the named formats so a known token keeps its own kind. */
export const ASSIGNMENT_RULES: readonly RedactionRule[] = [
  ...assignmentRules('password', PASSWORD_NAMES, 'i', ['pass', 'pwd', 'pswd']),
  {
    kind: 'password',
    // "the password is hunter2" in prose or a chat: only a value with a digit or a symbol.
    pattern: `(\\bpass(?:word|phrase|code)?s? (?:is|was|=)[: ]{1,2}["']?)${BARE_VALUE}`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['pass'],
    accept: notACall((value) => /[^A-Za-z]/.test(value.replace(/[.!?]+$/, '')) && looksLikeSecretValue(value)),
  },
  ...assignmentRules('api_key', KEY_NAMES, '', ['key'], keyValueAccepted),
  ...assignmentRules('secret', SECRET_NAMES, 'i', ['secret', 'token', 'credential', 'auth', 'private']),
];
