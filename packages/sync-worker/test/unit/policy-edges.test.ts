import { classifyResponse, parseRetryAfterMs } from '../../src/policy';
import type { DeliveryResponse, PolicyContext } from '../../src/policy';

// Boundaries and texts of the delivery policy that the mutation run (npm run test:mutation) showed unguarded.
const NOW = 1_700_000_000_000;
const context: PolicyContext = { attempts: 0, tickSec: 30, now: NOW, random: () => 0.5 };
const answer = (status: number, body?: string, headers: Record<string, string | string[] | undefined> = {}): DeliveryResponse => ({ status, headers, body });
const kindOf = (status: number): string => classifyResponse(answer(status), context).kind;

test.each([
  [100, 'retry'], [199, 'retry'], [200, 'synced'], [299, 'synced'], [300, 'pause'], [301, 'pause'], [399, 'pause'],
  [400, 'dead'], [499, 'dead'], [500, 'retry'], [599, 'retry'], [600, 'retry'],
])('status %i → %s', (status, kind) => {
  expect(kindOf(status)).toBe(kind);
});

test('the error text names the status and what it means, and quotes the body collapsed and cut to 200 characters', () => {
  expect(classifyResponse(answer(401, '  bad\n\n key  '), context)).toMatchObject({ error: 'http 401 (auth): bad key' });
  expect(classifyResponse(answer(404), context)).toMatchObject({ error: 'http 404 (endpoint)' });
  expect(classifyResponse(answer(429), context)).toMatchObject({ error: 'http 429 (rate-limited)' });
  expect(classifyResponse(answer(102, 'x'), context)).toMatchObject({ error: 'http 102 (unexpected): x' });
  expect(classifyResponse(answer(500, '   '), context)).toMatchObject({ error: 'http 500' });
  expect(classifyResponse(answer(422), context)).toMatchObject({ error: 'http 422 (permanent): ' });
  const exact = 'e'.repeat(200);
  expect(classifyResponse(answer(422, exact), context)).toMatchObject({ error: `http 422 (permanent): ${exact}` });
  expect(classifyResponse(answer(422, ` ${exact}f `), context)).toMatchObject({ error: `http 422 (permanent): ${exact}` });
});

test('deduplicated only from a JSON object that says so', () => {
  const dedup = (body: string | undefined): unknown => (classifyResponse(answer(200, body), context) as { deduplicated?: boolean }).deduplicated;
  expect(dedup('{"deduplicated":true}')).toBe(true);
  expect(dedup('{"deduplicated":"true"}')).toBe(false);
  expect(dedup('null')).toBe(false);
  expect(dedup('true')).toBe(false);
  expect(dedup('')).toBe(false);
  expect(dedup(undefined)).toBe(false);
  expect(dedup('<html>')).toBe(false);
});

test('Retry-After: header name in any case, other headers ignored, first of a list; blank means the tick', () => {
  const pauseEnd = (status: number, headers: Record<string, string | string[] | undefined>): unknown => {
    const outcome = classifyResponse(answer(status, undefined, headers), context);
    return outcome.kind === 'pause' ? outcome.until - NOW : outcome.kind;
  };
  expect(pauseEnd(429, { 'x-other': '99', 'Retry-After': '7' })).toBe(7_000);
  expect(pauseEnd(429, { 'retry-after': ['8', '9'] })).toBe(8_000);
  expect(pauseEnd(429, { 'x-other': '99' })).toBe(30_000);
  expect(pauseEnd(429, { 'retry-after': '   ' })).toBe(30_000);
  expect(pauseEnd(503, { 'retry-after': '  ' })).toBe('retry');
  expect(pauseEnd(503, { 'retry-after': ' 4 ' })).toBe(4_000);
});

test('parseRetryAfterMs reads whole delta-seconds or an HTTP date, nothing in between', () => {
  expect(parseRetryAfterMs(' 12 ', NOW)).toBe(12_000);
  expect(parseRetryAfterMs('12.25', NOW)).toBe(12_250);
  expect(parseRetryAfterMs('', NOW)).toBeNull();
  expect(parseRetryAfterMs('   ', NOW)).toBeNull();
  expect(parseRetryAfterMs('x12', NOW)).toBeNull();
  expect(parseRetryAfterMs('12x', NOW)).toBeNull();
  expect(parseRetryAfterMs('12.x', NOW)).toBeNull();
  expect(parseRetryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
});
