/**
 * The receiver stores exactly what it was sent or refuses it (SPEC §8): SQLite keeps text as
 * UTF-8, where a lone UTF-16 surrogate cannot exist and would silently become U+FFFD.
 */

/** A JSON `\uXXXX` escape of a surrogate: the only way a lone surrogate can arrive in valid UTF-8 JSON. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** The path of the first string in `value` holding a lone surrogate, or null. `raw` is the JSON text it was parsed from. */
export function findLoneSurrogate(raw: string, value: unknown): string | null {
  if (!SURROGATE_ESCAPE.test(raw)) return null; // the usual body: one linear scan, no walk
  return walk(value, '');
}

function walk(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : path || '(body)';
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = walk(value[index], path ? `${path}.${index}` : String(index));
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!isWellFormed(key)) return keyPath;
    const found = walk(item, keyPath);
    if (found !== null) return found;
  }
  return null;
}

/** `String.prototype.isWellFormed` (Node ≥ 20), typed here because the project's lib is ES2023. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
