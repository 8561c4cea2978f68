const SHOWN_CHARS = 40;

/**
 * A value as a message can show it: never throws (BigInt, symbols, cycles), never huge. With
 * `hideStrings` a string is only measured, never shown: it may be an API key.
 */
export function describeValue(value: unknown, { hideStrings = false }: { hideStrings?: boolean } = {}): string {
  switch (typeof value) {
    case 'bigint':
      return `${value}n (a BigInt)`;
    case 'number':
      return String(value); // NaN, Infinity and -0 stay readable (JSON would say null)
    case 'string':
      if (hideStrings) return `a string of length ${value.length}`;
      return value.length > SHOWN_CHARS ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  }
}
