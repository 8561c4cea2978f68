import type { ClaimedRow } from '@gradata/core';
import { batchUrlFor, isPermanentRefusal, isRouteRefusal, itemResults, planBatches } from '../../src/sender/batch-sender';

function row(id: number, payloadBytes = 10, eventId: string | null = `e${id}`): ClaimedRow {
  return { id, kind: 'correction', eventId, payloadJson: 'x'.repeat(payloadBytes), attempts: 0 } as ClaimedRow;
}

describe('batchUrlFor', () => {
  test.each([
    ['https://api.example.com/api/v1/ingest', 'https://api.example.com/api/v1/ingest/batch'],
    ['https://api.example.com/api/v1/ingest/', 'https://api.example.com/api/v1/ingest/batch'],
    ['http://127.0.0.1:8080/ingest?tenant=a', 'http://127.0.0.1:8080/ingest/batch?tenant=a'],
    ['https://api.example.com/api/v1/ingest//', 'https://api.example.com/api/v1/ingest/batch'],
  ])('%s → %s', (ingestUrl, expected) => {
    expect(batchUrlFor(ingestUrl)).toBe(expected);
  });
});

describe('planBatches', () => {
  test('cuts at maxRows', () => {
    const rows = Array.from({ length: 250 }, (_, i) => row(i));
    expect(planBatches(rows, 100, 1_000_000)).toEqual([[0, 100], [100, 200], [200, 250]]);
  });

  test('cuts at the byte budget, counting the envelope and commas', () => {
    // envelope 12 bytes + (100 + 1) per row: 3 rows = 315 ≤ 320, a 4th would be 416.
    const rows = Array.from({ length: 7 }, (_, i) => row(i, 100));
    expect(planBatches(rows, 100, 320)).toEqual([[0, 3], [3, 6], [6, 7]]);
  });

  test('a row larger than the budget travels alone; multi-byte characters count as bytes', () => {
    const rows = [row(1, 10), row(2, 500), { ...row(3), payloadJson: 'é'.repeat(100) }, row(4, 10)];
    expect(planBatches(rows, 100, 200)).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
  });

  test('no rows, no requests', () => {
    expect(planBatches([], 100, 1000)).toEqual([]);
  });
});

describe('itemResults', () => {
  const rows = [row(1), row(2), row(3, 10, null)];

  test('maps 2xx items to delivered (with deduplicated) and other items to their status with { error }', () => {
    const body = JSON.stringify({
      results: [
        { event_id: 'e1', status: 200, deduplicated: false },
        { event_id: 'e2', status: 422, error: 'correction.session must be integer' },
        { event_id: 'whatever', status: 200, deduplicated: true },
      ],
    });
    expect(itemResults(body, rows)).toEqual([
      { status: 200, headers: {}, body: '{"status":"ok","deduplicated":false}' },
      { status: 422, headers: {}, body: '{"error":"correction.session must be integer"}' },
      { status: 200, headers: {}, body: '{"status":"ok","deduplicated":true}' },
    ]);
  });

  test.each([
    ['not JSON', 'garbage'],
    ['no results', '{}'],
    ['too few results', JSON.stringify({ results: [{ status: 200 }, { status: 200 }] })],
    ['a result that is not an object', JSON.stringify({ results: [{ status: 200 }, null, { status: 200 }] })],
    ['a status that is not an HTTP status', JSON.stringify({ results: [{ status: 200 }, { status: '200' }, { status: 200 }] })],
    ['an event_id that is another row’s', JSON.stringify({ results: [{ event_id: 'e2', status: 200 }, { status: 200 }, { status: 200 }] })],
  ])('null for %s', (_name, body) => {
    expect(itemResults(body, rows)).toBeNull();
  });
});

describe('batch reply edges', () => {
  const rows = [row(1), row(2)];
  const reply = (...results: unknown[]) => JSON.stringify({ results });

  test.each([
    ['JSON null', 'null'],
    ['results that are not a list', JSON.stringify({ results: { 0: { status: 200 } } })],
    ['too many results', reply({ status: 200 }, { status: 200 }, { status: 200 })],
    ['a status below 100', reply({ status: 99 }, { status: 200 })],
    ['a status above 599', reply({ status: 200 }, { status: 600 })],
    ['a status that is not an integer', reply({ status: 200.5 }, { status: 200 })],
  ])('null for %s', (_name, body) => {
    expect(itemResults(body, rows)).toBeNull();
  });

  test('the HTTP range ends are statuses: 100 and 599 are mapped, 1xx and 3xx items go through the policy', () => {
    expect(itemResults(reply({ status: 100 }, { status: 599, error: 'busy' }), rows)).toEqual([
      { status: 100, headers: {}, body: '{"error":"item answered 100"}' },
      { status: 599, headers: {}, body: '{"error":"busy"}' },
    ]);
    expect(itemResults(reply({ status: 299 }, { status: 300 }), rows)).toEqual([
      { status: 299, headers: {}, body: '{"status":"ok","deduplicated":false}' },
      { status: 300, headers: {}, body: '{"error":"item answered 300"}' },
    ]);
    expect(itemResults(reply({ status: 199 }, { status: 201, deduplicated: 'yes' }), rows)).toEqual([
      { status: 199, headers: {}, body: '{"error":"item answered 199"}' },
      { status: 201, headers: {}, body: '{"status":"ok","deduplicated":false}' }, // only `true` counts
    ]);
  });

  test('an event_id is checked only when both sides have one', () => {
    const anonymous = [row(1, 10, null), row(2)];
    expect(itemResults(reply({ event_id: 'x', status: 200 }, { event_id: 'e2', status: 200 }), anonymous)).not.toBeNull();
    expect(itemResults(reply({ event_id: 7, status: 200 }, { status: 200 }), rows)).not.toBeNull();
  });
});

describe('planBatches byte budget edge', () => {
  test('a first row larger than the budget is a batch of its own, never an empty one', () => {
    expect(planBatches([row(1, 100), row(2)], 100, 50)).toEqual([[0, 1], [1, 2]]);
  });

  test('a row that fills the budget exactly stays in the batch', () => {
    // envelope 12 + 2 × (10 + 1) = 34 bytes
    expect(planBatches([row(1), row(2)], 100, 34)).toEqual([[0, 2]]);
    expect(planBatches([row(1), row(2)], 100, 33)).toEqual([[0, 1], [1, 2]]);
  });
});

describe('what a batch reply status means for the route and the rows', () => {
  test.each([
    [404, true], [405, true], [410, true], [501, true], [300, true], [302, true], [399, true],
    [199, true], [600, true], [200, false], [299, false], [400, false], [500, false], [503, false], [599, false],
  ])('%i refuses the route: %s', (status, expected) => {
    expect(isRouteRefusal(status)).toBe(expected);
  });

  test.each([
    [400, true], [413, true], [422, true], [499, true], [401, false], [403, false], [408, false],
    [429, false], [404, false], [405, false], [410, false], [399, false], [500, false],
  ])('%i dead-letters the rows: %s', (status, expected) => {
    expect(isPermanentRefusal(status)).toBe(expected);
  });
});
