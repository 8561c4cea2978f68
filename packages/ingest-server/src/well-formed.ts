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
  return walk(value, (text) => !isWellFormed(text));
}

/**
 * The path of the first string in `value` holding U+0000, or null: Node 22's node:sqlite cuts text
 * there when it binds or reads it, so a receiver on that driver refuses it (IngestStore.cutsAtNul).
 */
export function findNul(raw: string, value: unknown): string | null {
  if (!NUL_ESCAPE.test(raw)) return null;
  return walk(value, (text) => text.includes('\u0000'));
}

/** One value to look at, with how to name it: its key (an object's) or index, under its parent's frame. */
interface Frame {
  value: unknown;
  parent: Frame | null;
  /** The key or index under the parent; null for the body itself. */
  segment: string | null;
  /** An object key, to be checked itself. */
  key?: string;
}

/** `a.b.0.c`, built only for the frame that is reported. */
function pathOf(frame: Frame): string {
  const segments: string[] = [];
  for (let at: Frame | null = frame; at !== null && at.segment !== null; at = at.parent) segments.push(at.segment);
  return segments.reverse().join('.');
}

/**
 * Depth-first over keys and values, in document order; the path of the first string (key or value)
 * that `bad` flags. An explicit stack: a body nested tens of thousands deep (well inside the size
 * limit) must get its 422, not overflow the call stack into a 500.
 */
function walk(root: unknown, bad: (text: string) => boolean): string | null {
  const stack: Frame[] = [{ value: root, parent: null, segment: null }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.key !== undefined && bad(frame.key)) return pathOf(frame);
    const { value } = frame;
    if (typeof value === 'string') {
      if (bad(value)) return pathOf(frame) || '(body)';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const children: Frame[] = Array.isArray(value)
      ? value.map((item, index) => ({ value: item, parent: frame, segment: String(index) }))
      : Object.entries(value).map(([key, item]) => ({ value: item, parent: frame, segment: key, key }));
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as Frame);
  }
  return null;
}

/** `String.prototype.isWellFormed` (Node ≥ 20), typed here because the project's lib is ES2023. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
