/**
 * Log scrubbing, not content redaction (that is core's redaction/): the API key and the
 * Authorization header must never reach a log, whatever object someone passes in (SPEC §7.7).
 * Used on both sides of the thread.
 */
const SECRET_KEY = /^(authorization|proxy-authorization|api[-_]?key|apikey|x-api-key|token|password|secret)$/i;
export const REDACTED = '[REDACTED]';
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
const MAX_DEPTH = 6;

/** Returns a copy of `value` with secret-named fields, bearer tokens and the given secrets masked. */
export function scrubLogValue<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((s) => typeof s === 'string' && s.length >= 4);
  return walk(value, active, 0, new WeakSet()) as T;
}

/** Masks the secrets and any bearer token inside one string. */
export function scrubLogLine(text: string, secrets: readonly string[]): string {
  let out = text.replace(BEARER, `Bearer ${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

function walk(value: unknown, secrets: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubLogLine(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: scrubLogLine(value.message, secrets), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : walk(inner, secrets, depth + 1, seen);
  }
  return out;
}
