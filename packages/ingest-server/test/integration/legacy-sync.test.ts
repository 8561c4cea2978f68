import { startIngestServer, type IngestServer } from '@gradata/ingest-server';
import { KEY, postJson } from './helpers';

function event(n: number, createdAt = `2024-05-01T10:00:${String(n).padStart(2, '0')}.000Z`) {
  return {
    event_id: `01HLEGACY${String(n).padStart(4, '0')}`,
    type: 'CORRECTION',
    source: 'brain.correct',
    data: { severity: 'minor', n },
    tags: ['category:TONE'],
    session: 1,
    created_at: createdAt,
  };
}

describe('POST /api/v1/sync (legacy bulk sync)', () => {
  let server: IngestServer;
  let syncUrl: string;

  beforeEach(async () => {
    server = await startIngestServer({ keys: [KEY], logger: false });
    syncUrl = `${server.apiBase}/sync`;
  });
  afterEach(() => server.close());

  it('stores a batch and answers ingested_count and the last event created_at as new_watermark', async () => {
    const reply = await postJson(syncUrl, { brain_id: 'b1', events: [event(1), event(2), event(3)], cursor: null });

    expect(reply).toMatchObject({ status: 200, json: { ingested_count: 3, new_watermark: '2024-05-01T10:00:03.000Z' } });
    const stored = server.syncedEvents('b1');
    expect(stored.map((e) => e.eventId)).toEqual(['01HLEGACY0001', '01HLEGACY0002', '01HLEGACY0003']);
    expect(stored[0]).toMatchObject({ type: 'CORRECTION', source: 'brain.correct', data: { severity: 'minor', n: 1 }, tags: ['category:TONE'], session: 1 });
    expect(server.counts()).toMatchObject({ sync: 1, eventsStored: 3 });
  });

  it('is idempotent per event_id: a resent batch counts only new events', async () => {
    await postJson(syncUrl, { brain_id: 'b1', events: [event(1), event(2)], cursor: null });
    const reply = await postJson(syncUrl, { brain_id: 'b1', events: [event(2), event(3)], cursor: '2024-05-01T10:00:02.000Z' });

    expect(reply.json).toEqual({ ingested_count: 1, new_watermark: '2024-05-01T10:00:03.000Z' });
    expect(server.syncedEvents('b1')).toHaveLength(3);
  });

  it('echoes the cursor for an empty batch, and numeric positions stay numbers', async () => {
    expect((await postJson(syncUrl, { brain_id: 'b1', events: [], cursor: '2024-01-01' })).json).toEqual({
      ingested_count: 0,
      new_watermark: '2024-01-01',
    });
    expect((await postJson(syncUrl, { brain_id: 'b1', events: [] })).json).toEqual({ ingested_count: 0, new_watermark: null });
    const numeric = await postJson(syncUrl, { brain_id: 'b1', events: [event(7, 1714557600123 as any)], cursor: 5 });
    expect(numeric.json).toEqual({ ingested_count: 1, new_watermark: 1714557600123 });
    expect(server.syncedEvents('b1')[0].createdAt).toBe(1714557600123);
  });

  it('requires a valid key', async () => {
    expect((await postJson(syncUrl, { brain_id: 'b1', events: [event(1)] }, {}, null)).status).toBe(401);
    expect((await postJson(syncUrl, { brain_id: 'b1', events: [event(1)] }, {}, 'wrong')).status).toBe(401);
    expect(server.syncedEvents('b1')).toEqual([]);
  });

  it('answers 422 for a malformed event and stores nothing of the batch', async () => {
    const { event_id: _omitted, ...noId } = event(2);
    const reply = await postJson(syncUrl, { brain_id: 'b1', events: [event(1), noId] });
    expect(reply).toMatchObject({ status: 422, json: { error: 'events.1.event_id is required' } });
    expect(server.syncedEvents('b1')).toEqual([]);
  });

  it('answers 413 for a batch over 1 MB so the client can halve it', async () => {
    const big = Array.from({ length: 40 }, (_, i) => ({ ...event(i), data: { text: 'y'.repeat(30_000) } }));
    const reply = await postJson(syncUrl, { brain_id: 'b1', events: big });
    expect(reply.status).toBe(413);
    const half = await postJson(syncUrl, { brain_id: 'b1', events: big.slice(0, 20) });
    expect(half).toMatchObject({ status: 200, json: { ingested_count: 20 } });
  });

  it('applies fault injection to /sync too', async () => {
    server.setFaults({ failRate: 1 });
    expect((await postJson(syncUrl, { brain_id: 'b1', events: [event(1)] })).status).toBe(503);
  });
});
