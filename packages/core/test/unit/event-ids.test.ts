import { randomFillSync } from 'node:crypto';
import { newEventId } from '../../src/events/events';
import { createUlidFactory, ulidTime } from '../../src/events/ulid';

const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** A deterministic byte source: byte i of the stream is (seed + i) mod 256. */
function counterBytes(seed = 0): (buffer: Uint8Array) => void {
  let next = seed;
  return (buffer) => {
    for (let i = 0; i < buffer.length; i++) buffer[i] = next++ & 255;
  };
}

describe('event ids (ULID)', () => {
  it('are 26 Crockford base32 characters carrying the millisecond time', () => {
    const ids = createUlidFactory({ now: () => 1_700_000_000_123 });
    const id = ids();
    expect(id).toMatch(ULID_RE);
    expect(ulidTime(id)).toBe(1_700_000_000_123);
    // The default factory reads the real clock: its time lies between two readings taken around it.
    const before = Date.now();
    const fresh = newEventId();
    const after = Date.now();
    expect(fresh).toMatch(ULID_RE);
    expect(ulidTime(fresh)).toBeGreaterThanOrEqual(before);
    expect(ulidTime(fresh)).toBeLessThanOrEqual(after);
  });

  it('encode the time in the first ten characters (known vector)', () => {
    // From the ULID spec's reference implementation: 1469918176385 → 01ARYZ6S41.
    const ids = createUlidFactory({ now: () => 1_469_918_176_385, fillRandom: (b) => b.fill(0) });
    expect(ids()).toBe('01ARYZ6S41' + '0'.repeat(16));
  });

  it('sort by time across milliseconds', () => {
    let clock = 1_000;
    const ids = createUlidFactory({ now: () => clock });
    const made: string[] = [];
    for (let i = 0; i < 50; i++) {
      clock += 1 + (i % 3) * 1000;
      made.push(ids());
    }
    expect([...made].sort()).toEqual(made);
  });

  it('increase by one within a millisecond and when the clock steps back', () => {
    let clock = 5_000;
    const ids = createUlidFactory({ now: () => clock, fillRandom: counterBytes(0) });
    const first = ids();
    const second = ids();
    expect(second.slice(0, 10)).toBe(first.slice(0, 10));
    expect(second > first).toBe(true);
    // Random digits were 0,1,…,15 (bytes & 31): the last digit F (15) becomes G (16).
    expect(first.slice(10)).toBe('0123456789ABCDEF');
    expect(second.slice(10)).toBe('0123456789ABCDEG');
    clock = 4_000; // clock stepped back: still after the last id, same time prefix
    const third = ids();
    expect(third > second).toBe(true);
    expect(ulidTime(third)).toBe(5_000);
    const many = Array.from({ length: 5_000 }, () => ids());
    expect([...many].sort()).toEqual(many);
    expect(new Set(many).size).toBe(many.length);
  });

  it('carry across digits and move to the next millisecond when the random part is exhausted', () => {
    const ids = createUlidFactory({ now: () => 7, fillRandom: (b) => b.fill(31) });
    const full = ids();
    expect(full.slice(10)).toBe('Z'.repeat(16));
    const next = ids();
    expect(ulidTime(next)).toBe(8);
    expect(next > full).toBe(true);

    const carry = createUlidFactory({ now: () => 9, fillRandom: (b) => { b.fill(0); for (let i = 0; i < b.length; i += 16) b[i + 15] = 31; } });
    expect(carry().slice(10)).toBe('000000000000000Z');
    expect(carry().slice(10)).toBe('0000000000000010');
  });

  it('draw fresh randomness per millisecond from a pooled buffer', () => {
    let fills = 0;
    let clock = 0;
    const ids = createUlidFactory({ now: () => ++clock, fillRandom: (b) => { fills++; randomFillSync(b); } });
    const made = new Set<string>();
    for (let i = 0; i < 1_000; i++) made.add(ids().slice(10));
    expect(fills).toBeGreaterThan(1);
    expect(fills).toBeLessThan(10);
    expect(made.size).toBe(1_000);
  });

  it('rejects a clock outside the 48-bit range', () => {
    expect(() => createUlidFactory({ now: () => 2 ** 48 })()).toThrow(RangeError);
    expect(() => createUlidFactory({ now: () => -1 })()).toThrow(RangeError);
  });
});
