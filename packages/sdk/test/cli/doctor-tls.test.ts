import fs from 'node:fs';
import { makeCertificate, startConnectProxy, startTlsReceiver } from '../../../sync-worker/test/integration/tls-fixtures';
import type { Certificate, ConnectProxy, TlsReceiver } from '../../../sync-worker/test/integration/tls-fixtures';
import { parseJson, runCli, sandbox } from '../helpers/cli';

jest.setTimeout(120_000);

/**
 * doctor's endpoint check over real TLS through a CONNECT proxy (which maps ingest.test to
 * 127.0.0.1), with a certificate made here: trusted through NODE_EXTRA_CA_CERTS it answers; without
 * it the check fails, because verification is never turned off.
 */
describe('gradata doctor: the endpoint over TLS, through the proxy in effect', () => {
  let certificate: Certificate;
  let receiver: TlsReceiver;
  let proxy: ConnectProxy;

  beforeAll(async () => {
    certificate = makeCertificate();
    receiver = await startTlsReceiver(certificate, 'http1');
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await receiver.close();
    await proxy.close();
    fs.rmSync(certificate.dir, { recursive: true, force: true });
  });

  function env(extra: Record<string, string>): ReturnType<typeof sandbox> {
    return sandbox({ GRADATA_API_KEY: 'tls-key', GRADATA_CLOUD_INGEST_URL: `https://ingest.test:${receiver.port}/api/v1/ingest`, HTTPS_PROXY: proxy.url, ...extra });
  }

  test('a trusted certificate: the endpoint answers through the tunnel, TLS verified', async () => {
    const { env: vars, brain, home } = env({ NODE_EXTRA_CA_CERTS: certificate.certPath });
    const tunnelsBefore = proxy.tunnels.length;
    const result = await runCli(['doctor', '--brain', brain, '--json'], { env: vars, cwd: home });
    const endpoint = parseJson(result).checks.find((c: { name: string }) => c.name === 'endpoint');
    expect(endpoint).toMatchObject({ level: 'ok', data: { answered: true, status: 200 } });
    expect(endpoint.detail).toContain('TLS verified');
    expect(proxy.tunnels.slice(tunnelsBefore)).toEqual([`ingest.test:${receiver.port}`]);
    expect(result.code).toBe(0);
  });

  test('an untrusted certificate: the endpoint check fails with the certificate error, exit 1', async () => {
    const { env: vars, brain, home } = env({});
    const result = await runCli(['doctor', '--brain', brain, '--json'], { env: vars, cwd: home });
    expect(result.code).toBe(1);
    const endpoint = parseJson(result).checks.find((c: { name: string }) => c.name === 'endpoint');
    expect(endpoint).toMatchObject({ level: 'fail', data: { answered: false } });
    expect(endpoint.detail).toMatch(/self[- ]signed certificate/i);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED=0 does not turn the check off: the untrusted certificate still fails, as delivery would', async () => {
    const { env: vars, brain, home } = env({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    const result = await runCli(['doctor', '--brain', brain, '--json'], { env: vars, cwd: home });
    expect(result.code).toBe(1);
    const endpoint = parseJson(result).checks.find((c: { name: string }) => c.name === 'endpoint');
    expect(endpoint).toMatchObject({ level: 'fail', data: { answered: false } });
    expect(endpoint.detail).toMatch(/self[- ]signed certificate/i);
  });
});
