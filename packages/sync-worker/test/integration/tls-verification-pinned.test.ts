import fs from 'node:fs';
import { API_KEY, enqueueCorrections, makeBrain, pendingCount, removeBrain } from './helpers';
import type { Brain } from './helpers';
import { makeCertificate, runWorkerChild, startConnectProxy, startTlsReceiver } from './tls-fixtures';
import type { Certificate } from './tls-fixtures';

/**
 * NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for the whole process, and agents
 * often run with it set for some other tool. The ingest client must keep verifying anyway: the
 * API key goes in every request. A certificate the process does not trust is refused on every
 * transport the worker has: HTTP/2, HTTP/1.1, and a CONNECT tunnel through a proxy.
 */
// Each refusal is retried until the flush budget ends (a few seconds, so a loaded machine still makes an attempt).
jest.setTimeout(60_000);

describe('TLS verification stays on whatever NODE_TLS_REJECT_UNAUTHORIZED says', () => {
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

  test.each<['http2' | 'http1', boolean]>([
    ['http2', false],
    ['http1', false],
    ['http2', true],
  ])('an untrusted certificate (%s origin, through a proxy: %s) is refused: nothing is sent', async (mode, throughProxy) => {
    const receiver = await startTlsReceiver(certificate, mode);
    const proxy = throughProxy ? await startConnectProxy() : null;
    try {
      enqueueCorrections(brain.db, 3);
      const host = throughProxy ? 'ingest.test' : 'localhost';
      const env: Record<string, string> = { NODE_TLS_REJECT_UNAUTHORIZED: '0' };
      if (proxy) env.HTTPS_PROXY = proxy.url;
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl: `https://${host}:${receiver.port}/api/v1/ingest`, apiKey: API_KEY, timeoutMs: 8_000, env });
      expect(result.flushed.delivered).toBe(0);
      expect(result.status.lastError).toMatch(/certificate/i);
      expect(receiver.versions).toHaveLength(0);
      expect(pendingCount(brain.db)).toBe(3);
      if (proxy) expect(proxy.tunnels.length).toBeGreaterThan(0);
    } finally {
      await proxy?.close();
      await receiver.close();
    }
  });

  test('the same certificate, trusted through NODE_EXTRA_CA_CERTS, is accepted with the variable set', async () => {
    const receiver = await startTlsReceiver(certificate, 'http2');
    try {
      enqueueCorrections(brain.db, 3);
      const env = { NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_EXTRA_CA_CERTS: certificate.certPath };
      const result = await runWorkerChild({ dbPath: brain.dbPath, ingestUrl: `https://localhost:${receiver.port}/api/v1/ingest`, apiKey: API_KEY, timeoutMs: 10_000, env });
      expect(result.flushed).toEqual({ delivered: 3, dead: 0, remaining: 0, leasedElsewhere: 0 });
    } finally {
      await receiver.close();
    }
  });
});
