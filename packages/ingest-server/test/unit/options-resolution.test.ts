import { parseKeys, resolveOptions } from '../../src/options';

describe('parseKeys', () => {
  it('splits a comma list, trimming blanks and dropping empties', () => {
    expect(parseKeys(' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
  });
  it('returns no keys for an empty or missing value', () => {
    expect(parseKeys('')).toEqual([]);
    expect(parseKeys(undefined)).toEqual([]);
    expect(parseKeys(' , ')).toEqual([]);
  });
});

describe('resolveOptions', () => {
  it('fills the defaults', () => {
    const resolved = resolveOptions({}, {});
    expect(resolved).toMatchObject({ port: 0, host: '127.0.0.1', dbPath: ':memory:', bodyLimit: 1024 * 1024 });
    expect([...resolved.keys]).toEqual([]);
    expect(Object.isFrozen(resolved)).toBe(true);
  });
  it('reads keys from GRADATA_INGEST_KEYS only when the option is absent', () => {
    expect([...resolveOptions({}, { GRADATA_INGEST_KEYS: 'x,y' }).keys]).toEqual(['x', 'y']);
    expect([...resolveOptions({ keys: ['z'] }, { GRADATA_INGEST_KEYS: 'x,y' }).keys]).toEqual(['z']);
  });
  it.each([
    [{ port: -1 }, /port/],
    [{ port: 1.5 }, /port/],
    [{ keys: [''] }, /keys/],
    [{ rateLimit: { perKeyPerSecond: 0 } }, /rateLimit\.perKeyPerSecond/],
    [{ rateLimit: { perKeyPerSecond: 5, retryAfterSec: -1 } }, /rateLimit\.retryAfterSec/],
    [{ rateLimit: { perKeyPerSecond: 5, now: 5 as unknown as () => number } }, /rateLimit\.now must be a function/],
    [{ faults: { failRate: 1.5 } }, /faults\.failRate/],
    [{ faults: { dropRate: -0.1 } }, /faults\.dropRate/],
    [{ faults: { latencyMs: -5 } }, /faults\.latencyMs/],
    [{ script: [700] }, /status/],
    [{ bodyLimit: 0 }, /bodyLimit/],
  ])('rejects %j with a TypeError naming the field', (options, message) => {
    expect(() => resolveOptions(options as never, {})).toThrow(TypeError);
    expect(() => resolveOptions(options as never, {})).toThrow(message);
  });
});
