import { REDACTED, scrubLogValue as redact, scrubLogLine as redactString } from '../../src/scrub-log';

describe('redact', () => {
  const key = 'gd_live_5a0f2c9e11';

  test('masks secret-named fields at any depth, bearer tokens and the key itself inside strings', () => {
    const input = {
      headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-api-key': key },
      apiKey: key,
      nested: [{ note: `the key ${key} leaked`, other: 'Bearer abc.def.ghi' }],
      err: new Error(`request with ${key} failed`),
      count: 3,
    };
    const out = redact(input, [key]);
    expect(JSON.stringify(out)).not.toContain(key);
    expect(JSON.stringify(out)).not.toContain('abc.def.ghi');
    expect(out.headers.Authorization).toBe(REDACTED);
    expect(out.headers['content-type']).toBe('application/json');
    expect(out.count).toBe(3);
    expect(input.apiKey).toBe(key); // the input is not mutated
  });

  test('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a, [key])).toEqual({ name: 'a', self: '[Circular]' });
  });

  test('redactString masks every occurrence', () => {
    expect(redactString(`${key}/${key} Bearer xyz`, [key])).toBe(`${REDACTED}/${REDACTED} Bearer ${REDACTED}`);
  });
});
