import { compressionDistance } from '../../src/analysis/compression';
import { zlibLength } from '../../src/analysis/zlib-length';

/** Deterministic printable noise (xorshift32): incompressible enough to need several output chunks. */
function noise(n: number, seed = 42): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out += String.fromCharCode(33 + ((s >>> 0) % 90));
  }
  return out;
}
const SENTENCE = 'Thanks for reaching out about order #1042. We will refund the full amount within 5 business days. ';
const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
// pako's public API allocates a fresh stream per call: the reference for the reused one.
const pako = require('pako') as { deflate(data: Uint8Array, options: { level: number }): Uint8Array };

describe("zlibLength: CPython's len(zlib.compress(x, 9))", () => {
  it('equals the lengths CPython 3.11 (zlib 1.2.13) gives, whatever was compressed before', () => {
    // Figures from CPython; the order mixes long and short texts so a reused stream shows any leftover state.
    const cases: Array<[string, number]> = [
      [SENTENCE.repeat(700), 344], // 68,600 bytes: the 32 KiB window slides
      ['a', 9],
      [noise(40_000), 32_929], // output larger than one 16 KiB output chunk
      [SENTENCE, 92],
      ['', 8],
      ['é😀'.repeat(300) + SENTENCE, 119],
    ];
    for (const [text, expected] of cases) expect(zlibLength(bytes(text))).toBe(expected);
  });

  it('a reused stream gives what a fresh pako stream gives, over texts of many sizes in a row', () => {
    let seed = 7;
    const next = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    for (let k = 0; k < 120; k++) {
      const size = Math.floor(next() ** 3 * 120_000);
      const text = k % 3 === 0 ? noise(size, k + 1) : (SENTENCE.slice(0, 1 + (k % 90)) + noise(k % 50, k)).repeat(Math.ceil(size / 120)).slice(0, size);
      expect(zlibLength(bytes(text))).toBe(pako.deflate(bytes(text), { level: 9 }).length);
    }
  });
});

describe('compressionDistance: the Python SDK NCD (SPEC §5.3)', () => {
  it('is 0 for two empty texts and 1 when exactly one side is empty, as in Python', () => {
    expect(compressionDistance('', '')).toBe(0);
    expect(compressionDistance('', SENTENCE)).toBe(1);
    expect(compressionDistance(SENTENCE, '')).toBe(1);
  });

  it('is not corrected for self-distance: a text against itself is above 0', () => {
    // CPython: C(a) = 92, C(aa) = 98, so (98 − 92) / 92 → 0.065217
    expect(compressionDistance(SENTENCE, SENTENCE)).toBe(0.065217);
  });

  it('stays within 0..1 and grows with the edit', () => {
    const small = compressionDistance(SENTENCE.repeat(5), SENTENCE.repeat(5).replace('full', 'partial'));
    const large = compressionDistance(SENTENCE.repeat(5), noise(500));
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    expect(large).toBeLessThanOrEqual(1);
  });
});
