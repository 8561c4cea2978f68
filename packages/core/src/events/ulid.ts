import { randomFillSync } from 'node:crypto';

/** Crockford's base32 (no I, L, O, U), the ULID alphabet. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;
/** Random ids drawn per `randomFillSync` call: one syscall-sized fill instead of one per character. */
const POOL_IDS = 256;

export interface UlidFactoryOptions {
  /** Epoch milliseconds; injected by tests. */
  now?: () => number;
  /** Fills the buffer with random bytes; injected by tests. */
  fillRandom?: (buffer: Uint8Array) => void;
}

/**
 * A monotonic ULID generator: 48-bit millisecond time then 80 random bits, 26 characters of
 * Crockford base32. Within one millisecond (or when the clock steps back) the previous id's random
 * part is incremented by one, so ids from one factory always sort in creation order.
 */
export function createUlidFactory(options: UlidFactoryOptions = {}): () => string {
  const now = options.now ?? Date.now;
  const fillRandom = options.fillRandom ?? ((buffer: Uint8Array) => randomFillSync(buffer));
  const pool = new Uint8Array(POOL_IDS * RANDOM_CHARS);
  let poolOffset = pool.length;
  // The random part as base32 digits (0..31), most significant first.
  const digits = new Uint8Array(RANDOM_CHARS);
  let lastTime = Number.NEGATIVE_INFINITY;
  let timePrefix = '';

  const drawRandom = (): void => {
    if (poolOffset === pool.length) {
      fillRandom(pool);
      poolOffset = 0;
    }
    // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
    for (let i = 0; i < RANDOM_CHARS; i++) digits[i] = pool[poolOffset + i] & 31;
    poolOffset += RANDOM_CHARS;
  };

  /** Adds one to the random part; false when it was already all ones (2^80 − 1). */
  const increment = (): boolean => {
    for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
      if (digits[i] < 31) {
        digits[i]++;
        return true;
      }
      digits[i] = 0;
    }
    return false;
  };

  const setTime = (time: number): void => {
    if (!Number.isInteger(time) || time < 0 || time > MAX_TIME) throw new RangeError(`ULID time must be an integer in 0..2^48-1; got ${time}`);
    lastTime = time;
    timePrefix = encodeTime(time);
  };

  return () => {
    const time = now();
    if (time > lastTime) {
      setTime(time);
      drawRandom();
    } else if (!increment()) {
      // 2^80 ids in one millisecond cannot happen in practice; move on to the next millisecond.
      setTime(lastTime + 1);
      drawRandom();
    }
    let id = timePrefix;
    for (let i = 0; i < RANDOM_CHARS; i++) id += ALPHABET[digits[i]];
    return id;
  };
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < TIME_CHARS; i++) {
    const digit = rest % 32;
    out = ALPHABET[digit] + out;
    rest = (rest - digit) / 32;
  }
  return out;
}

/** The millisecond timestamp a ULID carries. */
export function ulidTime(id: string): number {
  let time = 0;
  for (let i = 0; i < TIME_CHARS; i++) {
    const digit = ALPHABET.indexOf(id[i]);
    if (digit < 0) throw new RangeError(`not a ULID: ${JSON.stringify(id)}`);
    time = time * 32 + digit;
  }
  return time;
}
