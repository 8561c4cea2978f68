import fs from 'node:fs';
import { API_KEY, enqueueCorrections, makeBrain, pendingCount, removeBrain } from './helpers';
import type { Brain } from './helpers';
import { makeCertificate, runWorkerChild, startConnectProxy, startTlsReceiver } from './tls-fixtures';
import type { Certificate } from './tls-fixtures';

/**
 * Real TLS with a certificate made here, trusted the way a user trusts a private CA
 * (NODE_EXTRA_CA_CERTS in the worker's process); verification is never turned off.
 */
describe('delivery over TLS: HTTP/2 when offered, HTTP/1.1 keep-alive otherwise, through a CONNECT proxy', () => {
  let certificate: Certificate;
  let brain: Brain;

  beforeAll(() => {
    certificate = makeCertificate();
  });
  afterAll(() => fs.rmSync(certificate.dir, { recursive: true, force: true }));
  beforeEach(() => {
    brain = makeBrain();
  });
  afterEach(() => removeBrain(brain));

  test('an origin offering h2: every row on HTTP/2 streams of one connection', async () => {
    const receiver = await startTlsReceiver(certificate, 'http2');
    try {
      enqueueCorrections(brain.db, 60);
      const ingestUrl = `https://localhost:${receiver.port}/api/v1/ingest`;
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl, apiKey: API_KEY, timeoutMs: 20_000, env: { NODE_EXTRA_CA_CERTS: certificate.certPath } });
      expect(result.flushed).toEqual({ delivered: 60, dead: 0, remaining: 0, leasedElsewhere: 0 });
      expect(receiver.versions).toHaveLength(60);
      expect(new Set(receiver.versions)).toEqual(new Set(['2.0']));
      // got's ALPN probe may open one connection before the session: never one per request.
      expect(receiver.connections()).toBeLessThanOrEqual(2);
    } finally {
      await receiver.close();
    }
  });

  test('an HTTP/1.1-only origin: kept-alive connections, far fewer than requests', async () => {
    const receiver = await startTlsReceiver(certificate, 'http1');
    try {
      enqueueCorrections(brain.db, 60);
      const ingestUrl = `https://localhost:${receiver.port}/api/v1/ingest`;
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl, apiKey: API_KEY, timeoutMs: 20_000, env: { NODE_EXTRA_CA_CERTS: certificate.certPath } });
      expect(result.flushed.remaining).toBe(0);
      expect(new Set(receiver.versions)).toEqual(new Set(['1.1']));
      expect(receiver.connections()).toBeLessThanOrEqual(32 + 1);
      expect(receiver.connections()).toBeLessThan(60);
    } finally {
      await receiver.close();
    }
  });

  test('without the CA the certificate is refused: nothing is sent, every row stays pending', async () => {
    const receiver = await startTlsReceiver(certificate, 'http2');
    try {
      enqueueCorrections(brain.db, 3);
      const ingestUrl = `https://localhost:${receiver.port}/api/v1/ingest`;
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl, apiKey: API_KEY, timeoutMs: 5_000, env: {} });
      expect(result.flushed.delivered).toBe(0);
      expect(result.status.lastError).toMatch(/certificate/i);
      expect(receiver.versions).toHaveLength(0);
      expect(pendingCount(brain.db)).toBe(3);
    } finally {
      await receiver.close();
    }
  });

  test('HTTPS_PROXY: every request goes through CONNECT tunnels to the origin, a few tunnels kept alive', async () => {
    const receiver = await startTlsReceiver(certificate, 'http2');
    const proxy = await startConnectProxy();
    try {
      enqueueCorrections(brain.db, 60);
      // ingest.test resolves nowhere: only the proxy (which maps it to 127.0.0.1) can reach it.
      const ingestUrl = `https://ingest.test:${receiver.port}/api/v1/ingest`;
      const env = { NODE_EXTRA_CA_CERTS: certificate.certPath, HTTPS_PROXY: proxy.url };
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl, apiKey: API_KEY, timeoutMs: 20_000, env });
      expect(result.flushed).toEqual({ delivered: 60, dead: 0, remaining: 0, leasedElsewhere: 0 });
      expect(receiver.versions).toHaveLength(60);
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(proxy.tunnels.length).toBeLessThanOrEqual(32);
      expect(new Set(proxy.tunnels)).toEqual(new Set([`ingest.test:${receiver.port}`]));
    } finally {
      await proxy.close();
      await receiver.close();
    }
  });

  test('loopback is never proxied, whatever proxy variables are set: no tunnel', async () => {
    const receiver = await startTlsReceiver(certificate, 'http2');
    const proxy = await startConnectProxy();
    try {
      enqueueCorrections(brain.db, 5);
      const ingestUrl = `https://localhost:${receiver.port}/api/v1/ingest`;
      const env = { NODE_EXTRA_CA_CERTS: certificate.certPath, HTTPS_PROXY: proxy.url, https_proxy: proxy.url, ALL_PROXY: proxy.url };
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl, apiKey: API_KEY, timeoutMs: 20_000, env });
      expect(result.flushed.remaining).toBe(0);
      expect(proxy.tunnels).toEqual([]);
    } finally {
      await proxy.close();
      await receiver.close();
    }
  });

  test('a malformed proxy URL: one warning, delivery held with a reason naming the proxy, never direct', async () => {
    const receiver = await startTlsReceiver(certificate, 'http2');
    try {
      enqueueCorrections(brain.db, 4);
      const ingestUrl = `https://ingest.test:${receiver.port}/api/v1/ingest`;
      const env = { NODE_EXTRA_CA_CERTS: certificate.certPath, HTTPS_PROXY: 'http://user:s3cret@[not-a-host' };
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl, apiKey: API_KEY, timeoutMs: 1_000, env });
      expect(result.flushed).toEqual({ delivered: 0, dead: 0, remaining: 4, leasedElsewhere: 0 });
      expect(result.status.reason).toBe('invalid-proxy');
      expect(result.status.lastError).toMatch(/HTTPS_PROXY/);
      const proxyWarnings = result.warnings.filter((line) => /proxy/i.test(line));
      expect(proxyWarnings).toHaveLength(1);
      expect(JSON.stringify(result)).not.toContain('s3cret');
      expect(receiver.versions).toHaveLength(0);
      expect(pendingCount(brain.db)).toBe(4);
    } finally {
      await receiver.close();
    }
  });

  test('a proxy that refuses connections: a transient failure with backoff, nothing dropped', async () => {
    const proxy = await startConnectProxy();
    const closedUrl = proxy.url;
    await proxy.close(); // nothing listens there now
    enqueueCorrections(brain.db, 3);
    const env = { NODE_EXTRA_CA_CERTS: certificate.certPath, HTTPS_PROXY: closedUrl };
    const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl: 'https://ingest.test:9/api/v1/ingest', apiKey: API_KEY, timeoutMs: 5_000, env });
    expect(result.flushed).toMatchObject({ delivered: 0, dead: 0, remaining: 3 });
    expect(result.status.lastError).toMatch(/ECONNREFUSED/);
    const rows = brain.db.prepare('SELECT attempts, next_attempt_at, dead_at FROM sync_queue').all() as Array<{ attempts: number; next_attempt_at: number | null; dead_at: number | null }>;
    expect(rows.every((row) => row.attempts >= 1 && row.next_attempt_at !== null && row.dead_at === null)).toBe(true);
  });
});
