import { classifyResponse } from '../../src/policy';
import type { DeliveryResponse, Outcome, PolicyContext } from '../../src/policy';

/** Fixed clock and randomness: no test reads the real time or Math.random. */
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const context = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  attempts: 0,
  tickSec: 30,
  now: NOW,
  random: () => 0.5,
  ...over,
});
const res = (status: number, headers: Record<string, string> = {}, body = ''): DeliveryResponse => ({ status, headers, body });

type Row = [line: string, response: DeliveryResponse, ctx: Partial<PolicyContext>, expected: Partial<Outcome> & { kind: Outcome['kind'] }];

// One row per SPEC §7.3 line (and the edges each line implies).
const table: Row[] = [
  // 2xx (with or without `deduplicated: true`) → synced
  ['200 ok', res(200, {}, '{"status":"ok","deduplicated":false}'), {}, { kind: 'synced', deduplicated: false }],
  ['200 deduplicated', res(200, {}, '{"status":"ok","deduplicated":true}'), {}, { kind: 'synced', deduplicated: true }],
  ['201 no body', res(201), {}, { kind: 'synced', deduplicated: false }],
  ['2xx garbage body is still synced (§13)', res(200, {}, '<html>oops'), {}, { kind: 'synced', deduplicated: false }],
  // 408, 5xx without Retry-After, network error, timeout → retry with full-jitter backoff
  ['408', res(408), { attempts: 0 }, { kind: 'retry', nextAttemptAt: NOW + 500, status: 408 }],
  ['500, attempts 0: random × 1 s', res(500, {}, 'boom'), { attempts: 0 }, { kind: 'retry', nextAttemptAt: NOW + 500, error: 'http 500: boom' }],
  ['502, attempts 3: random × 8 s', res(502), { attempts: 3 }, { kind: 'retry', nextAttemptAt: NOW + 4_000 }],
  ['500 with Retry-After is a retry (only 503 pauses)', res(500, { 'retry-after': '30' }), { attempts: 0 }, { kind: 'retry', nextAttemptAt: NOW + 500 }],
  ['503 without Retry-After', res(503), { attempts: 1 }, { kind: 'retry', nextAttemptAt: NOW + 1_000 }],
  ['backoff capped at 5 min', res(500), { attempts: 20, random: () => 0.999 }, { kind: 'retry', nextAttemptAt: NOW + 299_700 }],
  ['a drain caps the backoff to its budget left', res(500), { attempts: 10, maxBackoffMs: 2_000 }, { kind: 'retry', nextAttemptAt: NOW + 1_000 }],
  ['a budget cap above the ceiling changes nothing', res(500), { attempts: 1, maxBackoffMs: 60_000 }, { kind: 'retry', nextAttemptAt: NOW + 1_000 }],
  ['full jitter may retry at once', res(500), { attempts: 4, random: () => 0 }, { kind: 'retry', nextAttemptAt: NOW }],
  ['network error', { networkError: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' }, {}, { kind: 'retry', nextAttemptAt: NOW + 500, status: null, error: 'network: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' }],
  ['timeout', { networkError: 'ETIMEDOUT: Timeout awaiting request' }, { attempts: 2 }, { kind: 'retry', nextAttemptAt: NOW + 2_000 }],
  // 429, or 503 with Retry-After → pause all delivery (rate-limited), the row's attempt counts
  ['429 Retry-After seconds', res(429, { 'retry-after': '7' }), {}, { kind: 'pause', reason: 'rate-limited', until: NOW + 7_000, countsAttempt: true }],
  ['429 Retry-After HTTP date', res(429, { 'Retry-After': new Date(NOW + 120_000).toUTCString() }), {}, { kind: 'pause', reason: 'rate-limited', until: NOW + 120_000 }],
  ['429 without Retry-After defaults to tickSec', res(429), { tickSec: 30 }, { kind: 'pause', reason: 'rate-limited', until: NOW + 30_000 }],
  ['429 unparseable Retry-After defaults to tickSec', res(429, { 'retry-after': 'soon' }), { tickSec: 12 }, { kind: 'pause', reason: 'rate-limited', until: NOW + 12_000 }],
  ['Retry-After clamped up to 1 s', res(429, { 'retry-after': '0' }), {}, { kind: 'pause', reason: 'rate-limited', until: NOW + 1_000 }],
  ['Retry-After date in the past clamped to 1 s', res(429, { 'retry-after': new Date(NOW - 60_000).toUTCString() }), {}, { kind: 'pause', until: NOW + 1_000 }],
  ['Retry-After clamped down to 15 min', res(429, { 'retry-after': '86400' }), {}, { kind: 'pause', reason: 'rate-limited', until: NOW + 900_000 }],
  ['503 with Retry-After', res(503, { 'retry-after': '3' }), {}, { kind: 'pause', reason: 'rate-limited', until: NOW + 3_000, status: 503, countsAttempt: true }],
  // 401, 403 → pending, pause auth (60 s doubling to 1 h, the caller passes the current length)
  ['401 first pause 60 s', res(401), {}, { kind: 'pause', reason: 'auth', until: NOW + 60_000, countsAttempt: false }],
  ['403 with a longer pause', res(403), { pauseBackoffMs: 240_000 }, { kind: 'pause', reason: 'auth', until: NOW + 240_000, countsAttempt: false }],
  // 404, 405, 410, any 3xx → pending, pause endpoint
  ['404', res(404), {}, { kind: 'pause', reason: 'endpoint', until: NOW + 60_000, countsAttempt: false }],
  ['405', res(405), {}, { kind: 'pause', reason: 'endpoint' }],
  ['410', res(410), {}, { kind: 'pause', reason: 'endpoint' }],
  ['301 redirect is never followed', res(301, { location: 'https://elsewhere.example/' }), {}, { kind: 'pause', reason: 'endpoint' }],
  ['307', res(307), { pauseBackoffMs: 3_600_000 }, { kind: 'pause', reason: 'endpoint', until: NOW + 3_600_000 }],
  // 400, 413, 422, any other 4xx → dead with the body quoted (≤ 200 chars)
  ['400', res(400, {}, 'bad'), {}, { kind: 'dead', status: 400, error: 'http 400 (permanent): bad' }],
  ['413', res(413, {}, '{"error":"too large"}'), {}, { kind: 'dead', error: 'http 413 (permanent): {"error":"too large"}' }],
  ['422', res(422, {}, '{"error":"correction.session must be integer"}'), {}, { kind: 'dead', status: 422, error: 'http 422 (permanent): {"error":"correction.session must be integer"}' }],
  ['418 other 4xx', res(418), {}, { kind: 'dead', error: 'http 418 (permanent): ' }],
  ['409 other 4xx', res(409, {}, 'conflict'), {}, { kind: 'dead', error: 'http 409 (permanent): conflict' }],
];

describe('classifyResponse (SPEC §7.3)', () => {
  test.each(table)('%s', (_line, response, ctx, expected) => {
    expect(classifyResponse(response, context(ctx))).toMatchObject(expected);
  });

  test('the dead error quotes at most 200 characters of the body', () => {
    const outcome = classifyResponse(res(422, {}, 'x'.repeat(5_000)), context());
    expect(outcome).toEqual({ kind: 'dead', status: 422, error: `http 422 (permanent): ${'x'.repeat(200)}` });
  });

  test('backoff grows as 2^attempts under the same randomness', () => {
    const delays = [0, 1, 2, 3, 8, 9].map((attempts) => {
      const outcome = classifyResponse(res(500), context({ attempts, random: () => 1 - Number.EPSILON }));
      return outcome.kind === 'retry' ? Math.round((outcome.nextAttemptAt - NOW) / 1000) : -1;
    });
    expect(delays).toEqual([1, 2, 4, 8, 256, 300]);
  });
});
