import type { ClaimedRow } from '@gradata/core';
import { batchUrlFor, itemResults, planBatches } from '../../src/sender/batch-sender';

function row(id: number, payloadBytes = 10, eventId: string | null = `e${id}`): ClaimedRow {
  return { id, kind: 'correction', eventId, payloadJson: 'x'.repeat(payloadBytes), attempts: 0 } as ClaimedRow;
}

describe('batchUrlFor', () => {
  test.each([
    ['https://api.example.com/api/v1/ingest', 'https://api.example.com/api/v1/ingest/batch'],
    ['https://api.example.com/api/v1/ingest/', 'https://api.example.com/api/v1/ingest/batch'],
    ['http://127.0.0.1:8080/ingest?tenant=a', 'http://127.0.0.1:8080/ingest/batch?tenant=a'],
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
