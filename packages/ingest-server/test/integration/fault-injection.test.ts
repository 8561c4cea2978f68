import { request as httpRequest } from 'node:http';
import { startIngestServer } from '@gradata/ingest-server';
import { correctionBody, KEY, postJson, useReceiver } from './helpers';

/** POSTs with node:http and resolves with the outcome, including socket errors. */
function rawPost(url: string, body: unknown): Promise<{ status?: number; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    req.end(payload);
  });
}

describe('fault injection', () => {
  const receiver = useReceiver();
  const { seen } = receiver;

  it('failRate 1 answers 503 without Retry-After and stores nothing', async () => {
    receiver.server.setFaults({ failRate: 1 });
    const reply = await postJson(receiver.server.ingestUrl, correctionBody('f1'));

    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBeNull();
    expect(reply.json.error).toEqual(expect.any(String));
    expect(receiver.server.storedEventIds()).toEqual([]);
  });

  it('setFaults({}) restores normal handling', async () => {
    receiver.server.setFaults({ failRate: 1 });
    await postJson(receiver.server.ingestUrl, correctionBody('f2'));
    receiver.server.setFaults({});
    expect((await postJson(receiver.server.ingestUrl, correctionBody('f2'))).status).toBe(200);
  });

  it('latencyMs delays the answer but still handles the request', async () => {
    receiver.server.setFaults({ latencyMs: 20 });
    const reply = await postJson(receiver.server.ingestUrl, correctionBody('f3'));
    expect(reply).toMatchObject({ status: 200, json: { deduplicated: false } });
    expect(receiver.server.storedEventIds()).toEqual(['f3']);
  });

  it('a delayed request stays unanswered while others are served, and close() cuts it', async () => {
    receiver.server.setFaults({ latencyMs: 60_000 });
    const delayed = rawPost(receiver.server.ingestUrl, correctionBody('slow'));
    // Wait until the delayed request has reached the server; healthz is never delayed.
    while (receiver.server.counts().ingest === 0) await new Promise((resolve) => setImmediate(resolve));
    const health = await fetch(`${receiver.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(receiver.server.storedEventIds()).toEqual([]);

    await receiver.server.close();
    const outcome = await delayed;
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toBeDefined();
  });

  it('dropRate 1 destroys the connection: the client sees a socket error and nothing is stored', async () => {
    receiver.server.setFaults({ dropRate: 1 });
    const outcome = await rawPost(receiver.server.ingestUrl, correctionBody('f4'));

    expect(outcome.error?.code).toBe('ECONNRESET');
    expect(receiver.server.storedEventIds()).toEqual([]);
    expect(receiver.server.counts().byStatus[0]).toBe(1);
    expect(seen[0]).toMatchObject({ route: 'ingest', status: 0, eventId: 'f4' });
  });

  it('neverRespond holds requests open and close() still returns and frees them', async () => {
    receiver.server.setFaults({ neverRespond: true });
    const held = [rawPost(receiver.server.ingestUrl, correctionBody('h1')), rawPost(receiver.server.ingestUrl, correctionBody('h2'))];
    while (receiver.server.counts().ingest < 2) await new Promise((resolve) => setImmediate(resolve));

    await receiver.server.close();
    const outcomes = await Promise.all(held);
    expect(outcomes.every((o) => o.error !== undefined && o.status === undefined)).toBe(true);
  });

  it('plays a scripted sequence, one entry per request, storing only where 200 means "handle normally"', async () => {
    receiver.server.pushScript(500, { status: 429, headers: { 'retry-after': '2' } }, 200);

    const first = await postJson(receiver.server.ingestUrl, correctionBody('s1'));
    const second = await postJson(receiver.server.ingestUrl, correctionBody('s1'));
    const third = await postJson(receiver.server.ingestUrl, correctionBody('s1'));
    const fourth = await postJson(receiver.server.ingestUrl, correctionBody('s1'));

    expect(first).toMatchObject({ status: 500, json: { error: 'scripted 500' } });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    expect(third.json).toEqual({ status: 'ok', deduplicated: false });
    expect(fourth.json).toEqual({ status: 'ok', deduplicated: true });
    expect(receiver.server.storedEventIds()).toEqual(['s1']);
    expect(receiver.server.pendingScript()).toEqual({ ingest: 0, sync: 0, batch: 0 });
    expect(seen.map((s) => s.status)).toEqual([500, 429, 200, 200]);
  });

  it('answers a scripted body verbatim (even garbage) without storing', async () => {
    receiver.server.pushScript({ status: 200, body: 'not json at all' }, { status: 202, body: { weird: true } }, 204);

    const garbage = await postJson(receiver.server.ingestUrl, correctionBody('g1'));
    const custom = await postJson(receiver.server.ingestUrl, correctionBody('g1'));
    const empty = await fetch(receiver.server.ingestUrl, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(correctionBody('g1')) });

    expect(garbage).toMatchObject({ status: 200, text: 'not json at all' });
    expect(custom).toMatchObject({ status: 202, json: { weird: true } });
    expect(empty.status).toBe(204);
    expect(receiver.server.storedEventIds()).toEqual([]);
  });

  it('can script a dropped connection and a delayed answer', async () => {
    receiver.server.pushScript({ status: 200, drop: true }, { status: 503, headers: { 'retry-after': '1' }, delayMs: 5 });

    const dropped = await rawPost(receiver.server.ingestUrl, correctionBody('d1'));
    const delayed = await postJson(receiver.server.ingestUrl, correctionBody('d1'));

    expect(dropped.error).toBeDefined();
    expect(delayed.status).toBe(503);
    expect(delayed.headers.get('retry-after')).toBe('1');
    expect(receiver.server.storedEventIds()).toEqual([]);
  });

  it('takes the script from the options too, and keeps /sync scripts apart', async () => {
    const scripted = await startIngestServer({ keys: [KEY], logger: false, script: [401], syncScript: [413] });
    try {
      const sync = await postJson(`${scripted.apiBase}/sync`, { brain_id: 'b', events: [], cursor: null });
      const ingest = await postJson(scripted.ingestUrl, correctionBody('o1'));
      const after = await postJson(scripted.ingestUrl, correctionBody('o1'));
      expect([sync.status, ingest.status, after.status]).toEqual([413, 401, 200]);
    } finally {
      await scripted.close();
    }
  });

  it('rejects an invalid fault or script with a TypeError naming it', () => {
    expect(() => receiver.server.setFaults({ failRate: 2 })).toThrow(/faults\.failRate/);
    expect(() => receiver.server.pushScript(42)).toThrow(/status/);
  });
});
