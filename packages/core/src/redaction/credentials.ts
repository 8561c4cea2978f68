import type { RedactionRule } from './rule';

const NOT_REDACTED = '(?!\\[REDACTED)';
/** HTTP authentication schemes: the word after `Authorization:` that is not itself the secret. */
const AUTH_SCHEME = '(?:basic|bearer|token|digest|negotiate|api-?key|sso-key|otp|jwt|key)';

/** True when the base64 text decodes to `user:password` (what an HTTP Basic credential is). */
function isBasicCredential(value: string): boolean {
  return Buffer.from(value, 'base64').toString('latin1').includes(':');
}

/** An AWS secret access key is 40 characters of mixed-case base64: a git SHA (hex) is not one. */
function looksLikeAwsSecret(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9/+]/.test(value);
}

/**
 * Structured credentials: key files, credentials inside URLs and headers, connection strings. Key
 * blocks run first of all (a whole block is one thing); the others after the vendor prefixes (a
 * known token in a header keeps its vendor's name) and before the keyword assignments.
 */
export const CREDENTIAL_RULES: readonly RedactionRule[] = [
  {
    kind: 'private_key',
    // Every armor: PEM (PKCS#1/#8, EC, DSA, ENCRYPTED), OpenSSH, PGP "PRIVATE KEY BLOCK", SSH2
    // ("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"). To its END line, or to the end of the text
    // when there is none (a truncated key is still a secret). Because every match can end, the
    // lazy scan never restarts from a later BEGIN line.
    pattern:
      '-{4,5} ?BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)? ?-{4,5}[\\s\\S]*?(?:-{4,5} ?END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)? ?-{4,5}|$)',
    triggers: ['private key'],
  },
  {
    kind: 'private_key',
    // PuTTY .ppk: the private half is the base64 block after "Private-Lines: N".
    pattern: '(Private-Lines: [0-9]{1,4}\\r?\\n)[A-Za-z0-9+/=\\r\\n]{16,}',
    keepPrefix: true,
    triggers: ['private-lines'],
  },
  {
    kind: 'url_credentials',
    // scheme://user:password@host — any scheme (mongodb+srv, postgres, redis, amqp, https, …). The
    // password may hold `$`, `!`, `:` or even `@`: the greedy run backs up to the last `@` before a
    // slash or a space. An attempt starts only at a `://`, and reads at most 386 characters.
    pattern: `(://)${NOT_REDACTED}[^\\s:/?#@"'<>]{0,128}:[^\\s/"'<>]{1,256}(?=@)`,
    keepPrefix: true,
    triggers: ['://'],
  },
  {
    kind: 'url_credentials',
    // A token as the URL's user name alone: https://<token>@github.com/…
    pattern: `(://)${NOT_REDACTED}[A-Za-z0-9_-]{20,128}(?=@)`,
    keepPrefix: true,
    triggers: ['://'],
    accept: (value) => /[0-9]/.test(value) && /[A-Za-z]/.test(value),
  },
  {
    kind: 'basic_auth',
    pattern: `((?:proxy-)?authorization["']?[ \\t]*[:=][ \\t]*["'\`]?basic[ \\t]+)${NOT_REDACTED}[^\\s"'\`,;]{4,}`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['authorization'],
  },
  {
    kind: 'basic_auth',
    // "Basic <base64>" anywhere (curl -H, a config value): only when it decodes to user:password.
    pattern: `(\\bbasic[ \\t]+)${NOT_REDACTED}[A-Za-z0-9+/]{8,}={0,2}(?![A-Za-z0-9+/=])`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['basic'],
    accept: isBasicCredential,
  },
  {
    kind: 'github_token',
    // A classic 40-hex GitHub token after "token" (Authorization: token …, token=…).
    pattern: `(\\btoken[ \\t]*[:= ][ \\t]*["']?)${NOT_REDACTED}[0-9a-f]{40}(?![0-9A-Za-z])`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['token'],
  },
  {
    kind: 'bearer_token',
    // Authorization: Bearer|Token|Digest|… <credential>, or the credential alone after the colon.
    pattern:
      `((?:proxy-)?authorization["']?[ \\t]*[:=][ \\t]*["'\`]?(?:${AUTH_SCHEME}[ \\t]+)?)` +
      `${NOT_REDACTED}(?!${AUTH_SCHEME}[ \\t])[^\\s"'\`,;]{4,}`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['authorization'],
  },
  {
    kind: 'bearer_token',
    // "Bearer <token>" outside a header: short tokens too, but a word ("Bearer tokens expire") is
    // left alone: the value needs a digit, a symbol, or 16 characters.
    pattern: `(\\bbearer[ \\t]+)${NOT_REDACTED}[A-Za-z0-9_.~+/-]{6,}=*`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['bearer'],
    accept: (value) => /[0-9._~+/=-]/.test(value) || value.length >= 16,
  },
  {
    kind: 'azure_key',
    // Storage / Service Bus / Event Hubs connection strings and SAS tokens.
    pattern: `((?:AccountKey|SharedAccessKey|SharedAccessSignature|[?&]sig)=)${NOT_REDACTED}[^\\s;"'<>]{16,}`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['accountkey', 'sharedaccess', 'sig='],
  },
  {
    kind: 'aws_secret',
    // A bare 40-character secret access key, in a text that mentions AWS ("aws secret is …").
    pattern: '(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])',
    triggers: ['aws', 'amazon'],
    accept: looksLikeAwsSecret,
  },
  {
    kind: 'password',
    // curl -u user:password / --user "user":'password' (a numeric uid:gid is not a password).
    pattern: `((?:^|[ \\t])(?:-u|--user)(?:[ \\t]+|=))${NOT_REDACTED}(?!-)[^\\s]{3,256}`,
    keepPrefix: true,
    triggers: ['-u', '--user'],
    accept: (value) => value.includes(':') && !/^["']?[0-9]+:[0-9]+["']?$/.test(value),
  },
  {
    kind: 'password',
    // NuGet.config: <add key="ClearTextPassword" value="…" />
    pattern: `(<add key="(?:ClearText)?Password"\\s{0,8}value=")${NOT_REDACTED}[^"]{1,256}`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['password'],
  },
  {
    kind: 'secret',
    // Sidekiq Enterprise / Pro gem credentials (hex:hex) in a Bundler setting.
    pattern: `(CONTRIBSYS__COM[ \\t]*[:=][ \\t]*["']?)${NOT_REDACTED}[a-f0-9]{8}:[a-f0-9]{8}`,
    flags: 'i',
    keepPrefix: true,
    triggers: ['contribsys'],
  },
];
