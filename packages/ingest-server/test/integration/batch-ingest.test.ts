import { startIngestServer } from '@gradata/ingest-server';
import { correctionBody, KEY, postJson, useReceiver } from './helpers';

const batchOf = (...items: unknown[]) => ({ items });

describe('POST /api/v1/ingest/batch: many corrections, a result per item', () => {
  const receiver = useReceiver();
  const { seen } = receiver;

  it('stores every item and answers one result per item, in order', async () => {
    const reply = await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('b1'), correctionBody('b2'), correctionBody('b3', 'brain-2')), {
      'x-gradata-attempt': '3',
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      results: [
        { event_id: 'b1', status: 200, deduplicated: false },
        { event_id: 'b2', status: 200, deduplicated: false },
        { event_id: 'b3', status: 200, deduplicated: false },
      ],
    });
    expect(receiver.server.storedEventIds()).toEqual(['b1', 'b2', 'b3']);
    const [stored] = receiver.server.corrections('brain-2');
    expect(stored).toMatchObject({ eventId: 'b3', attempt: 3, idempotencyKey: null, payload: correctionBody('b3', 'brain-2') });
    expect(receiver.server.counts()).toMatchObject({ batch: 1, ingest: 3, stored: 3, deduplicated: 0 });
    // Reported per item, as route `ingest`, so delivery watchers see each correction.
    expect(seen.map((r) => [r.route, r.eventId, r.status, r.batchSize, r.attempt])).toEqual([
      ['ingest', 'b1', 200, 3, 3],
      ['ingest', 'b2', 200, 3, 3],
      ['ingest', 'b3', 200, 3, 3],
    ]);
  });

  it('dedups within a batch, across batches and against single ingest', async () => {
    await postJson(receiver.server.ingestUrl, correctionBody('s1'));
    const first = await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('d1'), correctionBody('d1'), correctionBody('s1')));
    expect(first.json.results.map((r: { deduplicated: boolean }) => r.deduplicated)).toEqual([false, true, true]);
    const second = await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('d1'), correctionBody('d2')));
    expect(second.json.results.map((r: { deduplicated: boolean }) => r.deduplicated)).toEqual([true, false]);
    expect(receiver.server.storedEventIds()).toEqual(['s1', 'd1', 'd2']);
    expect(receiver.server.counts()).toMatchObject({ stored: 3, deduplicated: 3 });
  });

  it('answers 422 for an invalid item with the single-ingest message, and stores the others', async () => {
    const { brain_id: _omitted, ...noBrain } = correctionBody('m3');
    const reply = await postJson(
      receiver.server.ingestBatchUrl,
      batchOf(correctionBody('m1'), correctionBody('m2', 'brain-1', { session: '3' }), noBrain, 'not an object', correctionBody('m5')),
    );
    expect(reply.status).toBe(200);
    expect(reply.json.results).toEqual([
      { event_id: 'm1', status: 200, deduplicated: false },
      { event_id: 'm2', status: 422, error: 'correction.session must be integer' },
      { event_id: 'm3', status: 422, error: 'brain_id is required' },
      { event_id: null, status: 422, error: 'item must be object' },
      { event_id: 'm5', status: 200, deduplicated: false },
    ]);
    expect(receiver.server.storedEventIds()).toEqual(['m1', 'm5']);
    expect(seen.map((r) => r.status)).toEqual([200, 422, 422, 422, 200]);
  });

  it.each([
    ['no items', {}, 'items is required'],
    ['items not an array', { items: { a: 1 } }, 'items must be array'],
    ['an empty batch', { items: [] }, 'items must NOT have fewer than 1 items'],
    ['over 500 items', { items: Array.from({ length: 501 }, (_, i) => correctionBody(`o${i}`)) }, 'items must NOT have more than 500 items'],
  ])('answers 422 for %s, storing nothing', async (_name, body, message) => {
    expect(await postJson(receiver.server.ingestBatchUrl, body)).toMatchObject({ status: 422, json: { error: message } });
    expect(receiver.server.storedEventIds()).toEqual([]);
    expect(seen.map((r) => [r.route, r.status])).toEqual([['ingest-batch', 422]]);
  });

  it('answers 400 for unparseable JSON and 401 for a bad key, reported once as ingest-batch', async () => {
    expect((await postJson(receiver.server.ingestBatchUrl, '{"items": [')).status).toBe(400);
    expect((await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('k1')), {}, 'wrong')).status).toBe(401);
    expect((await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('k1')), {}, null)).status).toBe(401);
    expect(receiver.server.storedEventIds()).toEqual([]);
    expect(seen.map((r) => [r.route, r.status])).toEqual([['ingest-batch', 400], ['ingest-batch', 401], ['ingest-batch', 401]]);
    expect(receiver.server.counts()).toMatchObject({ batch: 3, ingest: 0 });
  });

  it('answers 413 for a body over 1 MB', async () => {
    const items = Array.from({ length: 20 }, (_, i) => correctionBody(`big${i}`, 'brain-1', { draft: 'x'.repeat(60_000) }));
    const reply = await postJson(receiver.server.ingestBatchUrl, batchOf(...items));
    expect(reply.status).toBe(413);
    expect(reply.json.error).toBe('request body exceeds the 1048576-byte limit');
    expect(receiver.server.storedEventIds()).toEqual([]);
  });

  it('scripted batch answers apply to the whole request, one entry per request, before standing faults', async () => {
    receiver.server.pushBatchScript({ status: 429, headers: { 'retry-after': '7' } }, 500, { status: 200, body: 'garbage' }, 200);
    expect(receiver.server.pendingScript()).toEqual({ ingest: 0, sync: 0, batch: 4 });
    const limited = await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('s1'), correctionBody('s2')));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('s1')))).status).toBe(500);
    expect(await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('s1')))).toMatchObject({ status: 200, text: 'garbage' });
    expect(receiver.server.storedEventIds()).toEqual([]);
    expect((await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('s1')))).json.results).toHaveLength(1);
    expect(receiver.server.storedEventIds()).toEqual(['s1']);
    // The single route's script is its own.
    expect(receiver.server.pendingScript()).toEqual({ ingest: 0, sync: 0, batch: 0 });
    // Items of a batch answered as a whole are reported with that status.
    expect(seen.slice(0, 2).map((r) => [r.eventId, r.status])).toEqual([['s1', 429], ['s2', 429]]);
  });

  it('failRate applies to the batch request as a whole', async () => {
    receiver.server.setFaults({ failRate: 1 });
    const reply = await postJson(receiver.server.ingestBatchUrl, batchOf(correctionBody('f1'), correctionBody('f2')));
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBeNull();
    expect(receiver.server.storedEventIds()).toEqual([]);
  });
});

describe('batch options', () => {
  it('a rate limit counts a batch request as one request', async () => {
    // A clock that stands still: both requests fall in one window however busy the machine is.
    const server = await startIngestServer({ keys: [KEY], logger: false, rateLimit: { perKeyPerSecond: 1, retryAfterSec: 5, now: () => 1_000 } });
    try {
      const many = batchOf(...Array.from({ length: 50 }, (_, i) => correctionBody(`r${i}`)));
      expect((await postJson(server.ingestBatchUrl, many)).status).toBe(200);
      const refused = await postJson(server.ingestBatchUrl, batchOf(correctionBody('r-late')));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(server.storedEventIds()).toHaveLength(50);
    } finally {
      await server.close();
    }
  });

  it('batch: false removes the route (404), like a cloud without it', async () => {
    const server = await startIngestServer({ keys: [KEY], logger: false, batch: false });
    try {
      expect((await postJson(server.ingestBatchUrl, batchOf(correctionBody('n1')))).status).toBe(404);
      expect((await postJson(server.ingestUrl, correctionBody('n1'))).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('rejects a non-boolean batch option', async () => {
    await expect(startIngestServer({ logger: false, batch: 'yes' as unknown as boolean })).rejects.toThrow('batch must be a boolean');
  });
});
