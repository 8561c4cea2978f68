import { request as httpRequest } from 'node:http';
import { startIngestServer, type IngestServer, type ReceivedRequest } from '@gradata/ingest-server';
import { correctionBody, KEY, postJson } from './helpers';

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
  let server: IngestServer;
  const seen: ReceivedRequest[] = [];

  beforeEach(async () => {
    seen.length = 0;
    server = await startIngestServer({ keys: [KEY], logger: false, onRequest: (info) => seen.push(info) });
  });
  afterEach(() => server.close());

  it('failRate 1 answers 503 without Retry-After and stores nothing', async () => {
    server.setFaults({ failRate: 1 });
    const reply = await postJson(server.ingestUrl, correctionBody('f1'));

    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBeNull();
    expect(reply.json.error).toEqual(expect.any(String));
    expect(server.storedEventIds()).toEqual([]);
  });

  it('setFaults({}) restores normal handling', async () => {
    server.setFaults({ failRate: 1 });
    await postJson(server.ingestUrl, correctionBody('f2'));
    server.setFaults({});
    expect((await postJson(server.ingestUrl, correctionBody('f2'))).status).toBe(200);
  });

  it('latencyMs delays the answer but still handles the request', async () => {
    server.setFaults({ latencyMs: 20 });
    const reply = await postJson(server.ingestUrl, correctionBody('f3'));
    expect(reply).toMatchObject({ status: 200, json: { deduplicated: false } });
    expect(server.storedEventIds()).toEqual(['f3']);
  });

  it('a delayed request stays unanswered while others are served, and close() cuts it', async () => {
    server.setFaults({ latencyMs: 60_000 });
    const delayed = rawPost(server.ingestUrl, correctionBody('slow'));
    // Wait until the delayed request has reached the server; healthz is never delayed.
    while (server.counts().ingest === 0) await new Promise((resolve) => setImmediate(resolve));
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(server.storedEventIds()).toEqual([]);

    await server.close();
    const outcome = await delayed;
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toBeDefined();
  });

  it('dropRate 1 destroys the connection: the client sees a socket error and nothing is stored', async () => {
    server.setFaults({ dropRate: 1 });
    const outcome = await rawPost(server.ingestUrl, correctionBody('f4'));

    expect(outcome.error?.code).toBe('ECONNRESET');
    expect(server.storedEventIds()).toEqual([]);
    expect(server.counts().byStatus[0]).toBe(1);
    expect(seen[0]).toMatchObject({ route: 'ingest', status: 0, eventId: 'f4' });
  });

  it('neverRespond holds requests open and close() still returns and frees them', async () => {
    server.setFaults({ neverRespond: true });
    const held = [rawPost(server.ingestUrl, correctionBody('h1')), rawPost(server.ingestUrl, correctionBody('h2'))];
    while (server.counts().ingest < 2) await new Promise((resolve) => setImmediate(resolve));

    await server.close();
    const outcomes = await Promise.all(held);
    expect(outcomes.every((o) => o.error !== undefined && o.status === undefined)).toBe(true);
  });

  it('plays a scripted sequence, one entry per request, storing only where 200 means "handle normally"', async () => {
    server.pushScript(500, { status: 429, headers: { 'retry-after': '2' } }, 200);

    const first = await postJson(server.ingestUrl, correctionBody('s1'));
    const second = await postJson(server.ingestUrl, correctionBody('s1'));
    const third = await postJson(server.ingestUrl, correctionBody('s1'));
    const fourth = await postJson(server.ingestUrl, correctionBody('s1'));

    expect(first).toMatchObject({ status: 500, json: { error: 'scripted 500' } });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    expect(third.json).toEqual({ status: 'ok', deduplicated: false });
    expect(fourth.json).toEqual({ status: 'ok', deduplicated: true });
    expect(server.storedEventIds()).toEqual(['s1']);
    expect(server.pendingScript()).toEqual({ ingest: 0, sync: 0, batch: 0 });
    expect(seen.map((s) => s.status)).toEqual([500, 429, 200, 200]);
  });

  it('answers a scripted body verbatim (even garbage) without storing', async () => {
    server.pushScript({ status: 200, body: 'not json at all' }, { status: 202, body: { weird: true } }, 204);

    const garbage = await postJson(server.ingestUrl, correctionBody('g1'));
    const custom = await postJson(server.ingestUrl, correctionBody('g1'));
    const empty = await fetch(server.ingestUrl, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(correctionBody('g1')) });

    expect(garbage).toMatchObject({ status: 200, text: 'not json at all' });
    expect(custom).toMatchObject({ status: 202, json: { weird: true } });
    expect(empty.status).toBe(204);
    expect(server.storedEventIds()).toEqual([]);
  });

  it('can script a dropped connection and a delayed answer', async () => {
    server.pushScript({ status: 200, drop: true }, { status: 503, headers: { 'retry-after': '1' }, delayMs: 5 });

    const dropped = await rawPost(server.ingestUrl, correctionBody('d1'));
    const delayed = await postJson(server.ingestUrl, correctionBody('d1'));

    expect(dropped.error).toBeDefined();
    expect(delayed.status).toBe(503);
    expect(delayed.headers.get('retry-after')).toBe('1');
    expect(server.storedEventIds()).toEqual([]);
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
    expect(() => server.setFaults({ failRate: 2 })).toThrow(/faults\.failRate/);
    expect(() => server.pushScript(42)).toThrow(/status/);
  });
});
