import { GradataError } from '@gradata/core';
import { assertSecureIngestUrl } from '../../src/options';
import { GradataInsecureUrlError } from '../../src/errors';
import { SyncWorker } from '../../src/sync-worker';

describe('assertSecureIngestUrl', () => {
  test.each([
    'https://api.gradata.ai/api/v1/ingest',
    'https://10.0.0.5:8443/ingest',
    'http://127.0.0.1:4318/api/v1/ingest',
    'http://127.5.6.7/api/v1/ingest',
    'http://localhost:3000/api/v1/ingest',
    'http://LOCALHOST/api/v1/ingest',
    'http://[::1]:8080/api/v1/ingest',
  ])('allows %s', (url) => {
    expect(() => assertSecureIngestUrl(url)).not.toThrow();
  });

  test.each([
    'http://api.gradata.ai/api/v1/ingest',
    'http://10.0.0.5/ingest',
    'http://128.0.0.1/ingest',
    'http://127.0.0.1.evil.example/ingest',
    'http://localhost.evil.example/ingest',
    'http://[::2]/ingest',
    'http://0.0.0.0:8080/ingest',
    'ftp://127.0.0.1/ingest',
    'not a url',
  ])('refuses %s with INSECURE_INGEST_URL', (url) => {
    let caught: unknown;
    try {
      assertSecureIngestUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GradataInsecureUrlError);
    expect(caught).toBeInstanceOf(GradataError);
    expect((caught as GradataError).code).toBe('INSECURE_INGEST_URL');
  });

  test('SyncWorker refuses to be built for a plain-http remote URL', () => {
    expect(() => new SyncWorker({ dbPath: '/tmp/none/system.db', apiKey: 'k', ingestUrl: 'http://api.gradata.ai/ingest' })).toThrow(
      expect.objectContaining({ code: 'INSECURE_INGEST_URL' }),
    );
  });
});
