/**
 * Parameter checks that make node:sqlite bind exactly as better-sqlite3 does. node:sqlite binds a
 * missing parameter as NULL, rejects unknown named keys, and (depending on the Node line) binds
 * booleans or rejects undefined; better-sqlite3 throws on a missing one, ignores unknown keys,
 * rejects booleans and binds undefined as NULL. The SQL is scanned once, at prepare time.
 */

/** The parameters a statement declares. */
export interface DeclaredParameters {
  /** Anonymous `?` slots, bound from positional values. */
  readonly anonymous: number;
  /** `@name` / `:name` / `$name`, bound from one object with bare keys. */
  readonly named: readonly { readonly key: string; readonly token: string }[];
}

const IDENTIFIER = /[A-Za-z0-9_]/;
const CLOSERS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/** Scan SQL for its parameters, skipping quoted text and comments (one linear pass). */
export function declaredParameters(sql: string): DeclaredParameters {
  const named = new Map<string, string>();
  let bare = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const closer = CLOSERS[c];
    if (closer !== undefined) {
      const end = sql.indexOf(closer, i + 1);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && sql[j] >= '0' && sql[j] <= '9') j += 1;
      // better-sqlite3 treats `?NNN` as a named parameter called NNN; no core statement uses one.
      if (j !== i + 1) throw new TypeError(`numbered parameters (${sql.slice(i, j)}) are not supported; use ? or @name`);
      bare += 1;
      i = j;
    } else if ((c === '@' || c === ':' || c === '$') && IDENTIFIER.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && IDENTIFIER.test(sql[j])) j += 1;
      const key = sql.slice(i + 1, j);
      if (!named.has(key)) named.set(key, sql.slice(i, j));
      i = j;
    } else {
      i += 1;
    }
  }
  return { anonymous: bare, named: [...named].map(([key, token]) => ({ key, token })) };
}

const BIND_TYPE_MESSAGE = 'SQLite3 can only bind numbers, strings, bigints, buffers, and null';

/** One value as better-sqlite3 would bind it: undefined is NULL, a boolean is refused. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') throw new TypeError(BIND_TYPE_MESSAGE);
  return value;
}

function isNamedObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * The arguments for node:sqlite's `run/get/all/iterate(namedObject?, ...anonymous)`: named keys
 * checked and reduced to the declared ones (with their prefix, which every Node line accepts), positional
 * values counted, each value bound as better-sqlite3 binds it.
 */
export function bindArguments(declared: DeclaredParameters, params: readonly unknown[]): unknown[] {
  const source = params.length > 0 && isNamedObject(params[0]) ? params[0] : null;
  const positionalFrom = source === null ? 0 : 1;
  // The same checks, in the same order, with the same messages as better-sqlite3.
  if (params.length - positionalFrom > declared.anonymous) throw new RangeError('Too many parameter values were provided');
  if (params.length - positionalFrom < declared.anonymous) throw new RangeError('Too few parameter values were provided');
  const bound: unknown[] = [];
  if (declared.named.length > 0) {
    if (source === null) throw new TypeError('Missing named parameters');
    const named: Record<string, unknown> = {};
    for (const { key, token } of declared.named) {
      if (!(key in source)) throw new RangeError(`Missing named parameter "${key}"`);
      named[token] = bindable(source[key]);
    }
    bound.push(named);
  }
  for (let i = positionalFrom; i < params.length; i += 1) bound.push(bindable(params[i]));
  return bound;
}
