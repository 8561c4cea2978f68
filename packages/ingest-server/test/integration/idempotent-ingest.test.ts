import { join } from 'node:path';
import { startIngestServer } from '@gradata/ingest-server';
import { correctionBody, KEY, postJson, tempDir, useReceiver } from './helpers';

describe('POST /api/v1/ingest stores each (brain_id, event_id) once', () => {
  const receiver = useReceiver();
  const { seen } = receiver;

  it('answers deduplicated:false then deduplicated:true and keeps one row', async () => {
    const body = correctionBody('01HEVENT0000000000000001');
    const first = await postJson(receiver.server.ingestUrl, body);
    const second = await postJson(receiver.server.ingestUrl, body);

    expect(first).toMatchObject({ status: 200, json: { status: 'ok', deduplicated: false } });
    expect(second).toMatchObject({ status: 200, json: { status: 'ok', deduplicated: true } });
    expect(receiver.server.storedEventIds()).toEqual(['01HEVENT0000000000000001']);
    expect(receiver.server.counts()).toMatchObject({ ingest: 2, stored: 1, deduplicated: 1, byStatus: { 200: 2 } });
  });

  it('treats the same event_id under another brain as a different event', async () => {
    await postJson(receiver.server.ingestUrl, correctionBody('01HSAME', 'brain-a'));
    const other = await postJson(receiver.server.ingestUrl, correctionBody('01HSAME', 'brain-b'));

    expect(other.json).toEqual({ status: 'ok', deduplicated: false });
    expect(receiver.server.storedEventIds('brain-a')).toEqual(['01HSAME']);
    expect(receiver.server.storedEventIds('brain-b')).toEqual(['01HSAME']);
  });

  it('records the idempotency key, the attempt and the whole payload, extra fields included', async () => {
    const body = { ...correctionBody('01HEVENT2'), client: { version: '0.1.0' } };
    await postJson(receiver.server.ingestUrl, body, { 'idempotency-key': '01HEVENT2', 'x-gradata-attempt': '3' });

    const [stored] = receiver.server.corrections('brain-1');
    expect(stored).toMatchObject({
      brainId: 'brain-1',
      eventId: '01HEVENT2',
      session: 1,
      category: 'TONE',
      severity: 'minor',
      draft: 'We might maybe ship it.',
      final: 'We ship it.',
      idempotencyKey: '01HEVENT2',
      attempt: 3,
      payload: body,
    });
    expect(typeof stored.receivedAt).toBe('number');
  });

  it('reports each request to onRequest with its route, status, event id and attempt', async () => {
    await postJson(receiver.server.ingestUrl, correctionBody('01HEVENT3'), { 'x-gradata-attempt': '2', 'idempotency-key': '01HEVENT3' });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ route: 'ingest', status: 200, eventId: '01HEVENT3', brainId: 'brain-1', attempt: 2 });
    expect(seen[0].headers['idempotency-key']).toBe('01HEVENT3');
    expect(typeof seen[0].at).toBe('number');
  });

  it('accepts concurrent duplicates and stores the event once', async () => {
    const body = correctionBody('01HRACE');
    const replies = await Promise.all(Array.from({ length: 8 }, () => postJson(receiver.server.ingestUrl, body)));

    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.filter((r) => r.json.deduplicated === false)).toHaveLength(1);
    expect(receiver.server.storedEventIds()).toEqual(['01HRACE']);
  });
});

describe('a restarted receiver on the same dbPath', () => {
  it('keeps stored events and still deduplicates them', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dbPath = join(dir, 'ingest.db');
      const first = await startIngestServer({ keys: [KEY], dbPath, logger: false });
      await postJson(first.ingestUrl, correctionBody('01HKEEP'));
      await first.close();

      const second = await startIngestServer({ keys: [KEY], dbPath, logger: false });
      try {
        expect(second.storedEventIds()).toEqual(['01HKEEP']);
        const again = await postJson(second.ingestUrl, correctionBody('01HKEEP'));
        expect(again.json).toEqual({ status: 'ok', deduplicated: true });
      } finally {
        await second.close();
      }
    } finally {
      cleanup();
    }
  });
});
