import { startIngestServer, type IngestServer } from '@gradata/ingest-server';
import { correctionBody, KEY, postJson } from './helpers';

describe('POST /api/v1/ingest rejects bad requests with the contract status and { error }', () => {
  let server: IngestServer;

  beforeAll(async () => {
    server = await startIngestServer({ keys: [KEY, 'second-key'], logger: false });
  });
  afterAll(() => server.close());

  it('answers 401 without an Authorization header', async () => {
    const reply = await postJson(server.ingestUrl, correctionBody('e1'), {}, null);
    expect(reply.status).toBe(401);
    expect(reply.json.error).toMatch(/api key/i);
  });

  it('answers 401 for an unknown key and for a non-Bearer scheme', async () => {
    expect((await postJson(server.ingestUrl, correctionBody('e1'), {}, 'wrong')).status).toBe(401);
    const basic = await postJson(server.ingestUrl, correctionBody('e1'), { authorization: `Basic ${KEY}` }, null);
    expect(basic.status).toBe(401);
    expect(server.storedEventIds()).toEqual([]);
  });

  it('accepts every configured key', async () => {
    expect((await postJson(server.ingestUrl, correctionBody('e-second'), {}, 'second-key')).status).toBe(200);
  });

  it('answers 422 naming a missing field', async () => {
    const body = correctionBody('e2') as any;
    delete body.correction.final;
    const reply = await postJson(server.ingestUrl, body);
    expect(reply).toMatchObject({ status: 422, json: { error: 'correction.final is required' } });
  });

  it('answers 422 naming a field of the wrong type, without coercing it', async () => {
    const reply = await postJson(server.ingestUrl, correctionBody('e3', 'brain-1', { session: '3' }));
    expect(reply).toMatchObject({ status: 422, json: { error: 'correction.session must be integer' } });
  });

  it('answers 422 for a session below 1 and for a missing brain_id', async () => {
    const zero = await postJson(server.ingestUrl, correctionBody('e4', 'brain-1', { session: 0 }));
    expect(zero.status).toBe(422);
    expect(zero.json.error).toMatch(/^correction\.session must be >= 1/);
    const { brain_id: _omitted, ...noBrain } = correctionBody('e5');
    expect(await postJson(server.ingestUrl, noBrain)).toMatchObject({ status: 422, json: { error: 'brain_id is required' } });
  });

  it('answers 400 for unparseable JSON and for an empty body', async () => {
    const bad = await postJson(server.ingestUrl, '{"brain_id": ');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/not valid JSON/);
    expect((await postJson(server.ingestUrl, '')).status).toBe(400);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const huge = correctionBody('e6', 'brain-1', { draft: 'x'.repeat(1024 * 1024 + 1) });
    const reply = await postJson(server.ingestUrl, huge);
    expect(reply.status).toBe(413);
    expect(reply.json.error).toBe('request body exceeds the 1048576-byte limit');
    expect(server.storedEventIds()).not.toContain('e6');
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const response = await fetch(server.ingestUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' },
      body: JSON.stringify(correctionBody('e7')),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toMatch(/application\/json/);
  });

  it('answers 404 with { error } for an unknown route', async () => {
    const reply = await postJson(`${server.apiBase}/nope`, {});
    expect(reply).toMatchObject({ status: 404, json: { error: expect.any(String) } });
  });

  it('counts every rejection by status', async () => {
    // Self-contained (runs alone with -t): it makes its own rejections and counts the difference.
    const before = server.counts().byStatus;
    await postJson(server.ingestUrl, correctionBody('c1'), {}, null);
    await postJson(server.ingestUrl, correctionBody('c2'), {}, 'wrong');
    await postJson(server.ingestUrl, correctionBody('c3', 'brain-1', { session: 0 }));
    await postJson(server.ingestUrl, '{"brain_id": ');
    const after = server.counts().byStatus;
    const delta = (status: number): number => (after[status] ?? 0) - (before[status] ?? 0);
    expect([delta(401), delta(422), delta(400), delta(200)]).toEqual([2, 1, 1, 0]);
  });
});

describe('keys', () => {
  const saved = process.env.GRADATA_INGEST_KEYS;
  afterEach(() => {
    if (saved === undefined) delete process.env.GRADATA_INGEST_KEYS;
    else process.env.GRADATA_INGEST_KEYS = saved;
  });

  it('come from GRADATA_INGEST_KEYS when the option is absent', async () => {
    process.env.GRADATA_INGEST_KEYS = ' env-a , env-b ,';
    const server = await startIngestServer({ logger: false });
    try {
      expect((await postJson(server.ingestUrl, correctionBody('k1'), {}, 'env-b')).status).toBe(200);
      expect((await postJson(server.ingestUrl, correctionBody('k2'), {}, KEY)).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('can be replaced at run time with setKeys', async () => {
    const server = await startIngestServer({ keys: ['old'], logger: false });
    try {
      server.setKeys(['new']);
      expect((await postJson(server.ingestUrl, correctionBody('k4'), {}, 'old')).status).toBe(401);
      expect((await postJson(server.ingestUrl, correctionBody('k4'), {}, 'new')).status).toBe(200);
      expect(() => server.setKeys([''])).toThrow(TypeError);
    } finally {
      await server.close();
    }
  });

  it('reject everything when the list is empty', async () => {
    delete process.env.GRADATA_INGEST_KEYS;
    const server = await startIngestServer({ logger: false });
    try {
      expect((await postJson(server.ingestUrl, correctionBody('k3'), {}, KEY)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('a per-key rate limit', () => {
  it('answers 429 with Retry-After once a key exceeds its budget, and spares other keys', async () => {
    const server = await startIngestServer({
      keys: [KEY, 'other'],
      logger: false,
      // A clock that stands still: every request below falls in one window however busy the machine is.
      rateLimit: { perKeyPerSecond: 2, retryAfterSec: 7, now: () => 5_000 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await postJson(server.ingestUrl, correctionBody(`r${i}`))).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await postJson(server.ingestUrl, correctionBody('r3'));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.json.error).toMatch(/rate limit/);
      expect(server.storedEventIds().sort()).toEqual(['r0', 'r1']);
      expect((await postJson(server.ingestUrl, correctionBody('other-1'), {}, 'other')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
