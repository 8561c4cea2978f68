import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startIngestServer, type IngestServer } from '@gradata/ingest-server';
import { correctionBody, KEY, postJson } from './helpers';

describe('GET /api/v1/brains/:brainId/corrections', () => {
  let server: IngestServer;

  beforeAll(async () => {
    server = await startIngestServer({ keys: [KEY], logger: false });
    await postJson(server.ingestUrl, correctionBody('c1', 'brain-x'), { 'x-gradata-attempt': '1', 'idempotency-key': 'c1' });
    await postJson(server.ingestUrl, correctionBody('c2', 'brain-x', { category: 'FACTUAL' }));
    await postJson(server.ingestUrl, correctionBody('c3', 'brain-y'));
  });
  afterAll(() => server.close());

  it('lists the brain corrections oldest first', async () => {
    const response = await fetch(`${server.apiBase}/brains/brain-x/corrections`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = (await response.json()) as any;

    expect(response.status).toBe(200);
    expect(body.brain_id).toBe('brain-x');
    expect(body.count).toBe(2);
    expect(body.corrections.map((c: { event_id: string }) => c.event_id)).toEqual(['c1', 'c2']);
    expect(body.corrections[0]).toMatchObject({ session: 1, category: 'TONE', severity: 'minor', draft: 'We might maybe ship it.', final: 'We ship it.', attempt: 1, idempotency_key: 'c1' });
    expect(body.corrections[1].category).toBe('FACTUAL');
    expect(new Date(body.corrections[0].received_at).toISOString()).toBe(body.corrections[0].received_at);
  });

  it('answers an empty list for an unknown brain', async () => {
    const response = await fetch(`${server.apiBase}/brains/nobody/corrections`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(await response.json()).toEqual({ brain_id: 'nobody', count: 0, corrections: [] });
  });

  it('requires a valid key', async () => {
    expect((await fetch(`${server.apiBase}/brains/brain-x/corrections`)).status).toBe(401);
    const wrong = await fetch(`${server.apiBase}/brains/brain-x/corrections`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });
});

describe('GET /healthz', () => {
  it('answers { status: "ok" } without a key', async () => {
    const server = await startIngestServer({ keys: [], logger: false });
    try {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
  });
});

describe('close()', () => {
  it('is once-only: every call shares the same promise', async () => {
    const server = await startIngestServer({ keys: [KEY], logger: false });
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('reports the loopback URLs the SDK needs', async () => {
    const server = await startIngestServer({ keys: [KEY], logger: false });
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.ingestUrl).toBe(`${server.url}/api/v1/ingest`);
      expect(server.apiBase).toBe(`${server.url}/api/v1`);
    } finally {
      await server.close();
    }
  });
});

describe('installShutdownHandlers', () => {
  it('closes the server on SIGTERM and lets the signal end the process', async () => {
    const dist = join(__dirname, '..', '..', 'dist', 'index.js');
    const script = `
      const { startIngestServer, installShutdownHandlers } = require(${JSON.stringify(dist)});
      startIngestServer({ keys: ['k'], logger: false }).then((server) => {
        installShutdownHandlers(server, { onClosed: (signal) => process.stdout.write('closed ' + signal + '\\n') });
        process.stdout.write(server.url + '\\n');
      });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('http://')) child.kill('SIGTERM');
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    expect(output).toContain('closed SIGTERM');
    expect(signal).toBe('SIGTERM');
    expect(code).toBeNull();
  });
});
