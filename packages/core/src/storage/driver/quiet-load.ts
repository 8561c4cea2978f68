/**
 * node:sqlite is experimental on Node 22 and emits "ExperimentalWarning: SQLite is an experimental
 * feature…" to stderr when first loaded. The SDK chose that driver, not the user, and the warning
 * would land in every agent's logs on every start, so we drop exactly that one warning, during our
 * own load, and nothing else: every other warning (and this one, from any other load) passes through.
 * Node emits it once per process, so a later `require('node:sqlite')` by the app prints nothing either.
 */
const SQLITE_EXPERIMENTAL = 'SQLite is an experimental feature';

function isSqliteExperimentalWarning(warning: unknown, typeOrOptions: unknown): boolean {
  const type = typeof typeOrOptions === 'string' ? typeOrOptions : (typeOrOptions as { type?: unknown } | undefined)?.type;
  const name = warning instanceof Error ? warning.name : type;
  const message = warning instanceof Error ? warning.message : String(warning);
  return name === 'ExperimentalWarning' && message.startsWith(SQLITE_EXPERIMENTAL);
}

/** Run `load` (synchronous) with node:sqlite's ExperimentalWarning held back. */
export function withoutSqliteExperimentalWarning<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function emitUnlessSqliteExperimental(this: unknown, warning: unknown, ...rest: unknown[]) {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}
