/**
 * The receiver stores exactly what it was sent or refuses it (SPEC §8): SQLite keeps text as
 * UTF-8, where a lone UTF-16 surrogate cannot exist and would silently become U+FFFD; and Node 22's
 * node:sqlite cuts text at U+0000.
 */

/** A JSON `\uXXXX` escape of a surrogate: the only way a lone surrogate can arrive in valid UTF-8 JSON. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** A JSON `\u0000` escape: the only way U+0000 can arrive in JSON text (JSON refuses it raw). */
const NUL_ESCAPE = /\\u0000/;

/** The path of the first string in `value` holding a lone surrogate, or null. `raw` is the JSON text it was parsed from. */
export function findLoneSurrogate(raw: string, value: unknown): string | null {
  if (!SURROGATE_ESCAPE.test(raw)) return null; // the usual body: one linear scan, no walk
  return walk(value, '', (text) => !isWellFormed(text));
}

/**
 * The path of the first string in `value` holding U+0000, or null: Node 22's node:sqlite cuts text
 * there when it binds or reads it, so a receiver on that driver refuses it (IngestStore.cutsAtNul).
 */
export function findNul(raw: string, value: unknown): string | null {
  if (!NUL_ESCAPE.test(raw)) return null;
  return walk(value, '', (text) => text.includes('\u0000'));
}

/** Depth-first over keys and values; the path of the first string (key or value) that `bad` flags. */
function walk(value: unknown, path: string, bad: (text: string) => boolean): string | null {
  if (typeof value === 'string') return bad(value) ? path || '(body)' : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = walk(value[index], path ? `${path}.${index}` : String(index), bad);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (bad(key)) return keyPath;
    const found = walk(item, keyPath, bad);
    if (found !== null) return found;
  }
  return null;
}

/** `String.prototype.isWellFormed` (Node ≥ 20), typed here because the project's lib is ES2023. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
