/**
 * Loads got in the worker thread, as lightly as it can be loaded.
 *
 * - got is ESM-only. Importing it brings up Node's ESM loader and its scanner for got's CommonJS
 *   dependencies in the thread; the build bundles got and its dependencies into one CommonJS file
 *   instead (scripts/vendor-got.js): the same code, about 1.3 MB less RSS and 75 ms less to load.
 * - got's dependency @sindresorhus/is builds two `Intl.ListFormat('en')` when it loads, used only to
 *   word the message of a failed type assertion. Building one loads ICU's English locale data and
 *   pages in part of its tables: about 5 MB of the agent's RSS, kept for the life of the process
 *   even after the thread rests. The thread is ours, so while got loads, `Intl.ListFormat` builds a
 *   stand-in that constructs the real formatter the first time it is asked to format.
 */
import path from 'node:path';
import type { Got } from 'got' with { 'resolution-mode': 'import' };

/** dist/vendor/got.cjs, also when this module runs from src under ts-jest. */
export const GOT_BUNDLE = __filename.endsWith('.ts')
  ? path.resolve(__dirname, '../../dist/vendor/got.cjs')
  : path.resolve(__dirname, '../vendor/got.cjs');

type ListFormatArgs = ConstructorParameters<typeof Intl.ListFormat>;

function deferredListFormat(Real: typeof Intl.ListFormat): typeof Intl.ListFormat {
  class DeferredListFormat {
    #args: ListFormatArgs;
    #real: Intl.ListFormat | null = null;
    constructor(...args: ListFormatArgs) {
      this.#args = args;
    }
    #formatter(): Intl.ListFormat {
      this.#real ??= new Real(...this.#args);
      return this.#real;
    }
    format(list: Iterable<string>): string {
      return this.#formatter().format(list);
    }
    formatToParts(list: Iterable<string>): ReturnType<Intl.ListFormat['formatToParts']> {
      return this.#formatter().formatToParts(list);
    }
    resolvedOptions(): ReturnType<Intl.ListFormat['resolvedOptions']> {
      return this.#formatter().resolvedOptions();
    }
  }
  return Object.assign(DeferredListFormat, { supportedLocalesOf: Real.supportedLocalesOf.bind(Real) }) as unknown as typeof Intl.ListFormat;
}

/** got's default export; the real `Intl.ListFormat` is back in place when this returns or throws. */
export function loadGot(): Got {
  // Typed read-only, but a writable property of the Intl object like every built-in's.
  const intl = Intl as { ListFormat: typeof Intl.ListFormat };
  const Real = intl.ListFormat;
  intl.ListFormat = deferredListFormat(Real);
  try {
    return (require(GOT_BUNDLE) as { default: Got }).default;
  } finally {
    intl.ListFormat = Real;
  }
}
