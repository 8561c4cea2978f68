import fs from 'node:fs';
import path from 'node:path';
import { GradataValidationError, isSecureIngestUrl, isTruthy, logLevelFromEnv, resolveConfig } from '@gradata/core';
import { captureLogger } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

function resolve(env: Record<string, string>, options: Parameters<typeof resolveConfig>[0] = {}) {
  const capture = captureLogger('warn');
  const config = resolveConfig({ env, homeDir: tmpDir(), logger: capture.logger, ...options });
  return { config, warnings: capture.lines.filter((l) => l.level === 40).map((l) => String(l.msg)) };
}

it('defaults: no key means write-through cannot run', () => {
  const { config } = resolve({});
  expect(config).toMatchObject({
    apiKey: null, writeThrough: false, deliveryAllowed: false, reason: 'no-api-key', tickSec: 30,
    ingestUrl: 'https://api.gradata.ai/api/v1/ingest', apiBase: 'https://api.gradata.ai/api/v1',
  });
  expect(Object.isFrozen(config)).toBe(true);
});

it('reads the key from the environment, else the first line of ~/.gradata/key', () => {
  expect(resolve({ GRADATA_API_KEY: 'env-key' }).config).toMatchObject({ apiKey: 'env-key', writeThrough: true, reason: null });
  const home = tmpDir();
  fs.mkdirSync(path.join(home, '.gradata'));
  fs.writeFileSync(path.join(home, '.gradata', 'key'), 'file-key\nsecond line\n');
  expect(resolve({}, { homeDir: home }).config.apiKey).toBe('file-key');
  expect(resolve({ GRADATA_API_KEY: 'env-key' }, { homeDir: home }).config.apiKey).toBe('env-key');
  expect(resolve({ GRADATA_API_KEY: 'env-key' }, { homeDir: home, apiKey: 'explicit' }).config.apiKey).toBe('explicit');
});

it.each(['1', 'true', 'TRUE', 'yes', 'On', ' on '])('GRADATA_DISABLE_WRITE_THROUGH=%j disables write-through', (value) => {
  const { config } = resolve({ GRADATA_API_KEY: 'k', GRADATA_DISABLE_WRITE_THROUGH: value });
  expect(config).toMatchObject({ writeThrough: false, reason: 'disabled' });
});

it.each(['0', 'false', 'no', 'off', ''])('GRADATA_DISABLE_WRITE_THROUGH=%j leaves it on', (value) => {
  expect(resolve({ GRADATA_API_KEY: 'k', GRADATA_DISABLE_WRITE_THROUGH: value }).config.writeThrough).toBe(true);
});

it('an explicit writeThrough option beats the environment', () => {
  expect(resolve({ GRADATA_API_KEY: 'k', GRADATA_DISABLE_WRITE_THROUGH: '1' }, { writeThrough: true }).config.writeThrough).toBe(true);
  expect(resolve({ GRADATA_API_KEY: 'k' }, { writeThrough: false }).config.reason).toBe('disabled');
});

it.each(['abc', '-5', '0', 'NaN', '0.001', '100000'])('GRADATA_SYNC_TICK_SEC=%j falls back to 30 with one warning', (value) => {
  const { config, warnings } = resolve({ GRADATA_SYNC_TICK_SEC: value });
  expect(config.tickSec).toBe(30);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('GRADATA_SYNC_TICK_SEC');
});

it('a valid tick and ingest URL come from the environment', () => {
  const { config, warnings } = resolve({ GRADATA_SYNC_TICK_SEC: '2.5', GRADATA_CLOUD_INGEST_URL: 'http://127.0.0.1:9/api/v1/ingest' });
  expect(config.tickSec).toBe(2.5);
  expect(config.ingestUrl).toBe('http://127.0.0.1:9/api/v1/ingest');
  expect(warnings).toEqual([]);
});

it('a malformed ingest URL in the environment falls back with a warning', () => {
  const { config, warnings } = resolve({ GRADATA_CLOUD_INGEST_URL: 'not a url' });
  expect(config.ingestUrl).toBe('https://api.gradata.ai/api/v1/ingest');
  expect(warnings).toHaveLength(1);
});

it('a plain-http remote ingest URL keeps delivery off with a reason', () => {
  const { config } = resolve({ GRADATA_API_KEY: 'k', GRADATA_CLOUD_INGEST_URL: 'http://example.com/ingest' });
  expect(config).toMatchObject({ writeThrough: true, deliveryAllowed: false, reason: 'insecure-ingest-url' });
});

it('malformed explicit options throw a typed error naming the option', () => {
  expect(() => resolve({}, { tickSec: -1 })).toThrow(GradataValidationError);
  expect(() => resolve({}, { tickSec: -1 })).toThrow(/tickSec/);
  // Outside the range the sync worker accepts: refused here, not later by the worker inside new Brain().
  expect(() => resolve({}, { tickSec: 100_000 })).toThrow(/tickSec/);
  expect(() => resolve({}, { tickSec: 0.001 })).toThrow(/tickSec/);
  expect(() => resolve({}, { ingestUrl: 'ftp://x' })).toThrow(/ingestUrl/);
  expect(() => resolve({}, { writeThrough: 'yes' as never })).toThrow(/writeThrough/);
});

it('recognises loopback and https URLs as safe for a key', () => {
  expect(isSecureIngestUrl('https://api.example.com/x')).toBe(true);
  expect(isSecureIngestUrl('http://127.0.0.1:8080/x')).toBe(true);
  expect(isSecureIngestUrl('http://localhost/x')).toBe(true);
  expect(isSecureIngestUrl('http://[::1]:80/x')).toBe(true);
  expect(isSecureIngestUrl('http://10.0.0.1/x')).toBe(false);
  expect(isSecureIngestUrl('http://127.evil.com/x')).toBe(false);
  expect(isTruthy(undefined)).toBe(false);
});

describe('logLevelFromEnv: the one reader of GRADATA_LOG_LEVEL (Brain and the CLI)', () => {
  test.each<[string | undefined, string, string | null]>([
    [undefined, 'warn', null],
    ['  ', 'warn', null],
    [' DEBUG ', 'debug', null],
    ['silent', 'silent', null],
    ['loud', 'warn', 'GRADATA_LOG_LEVEL="loud" is not a log level; using warn'],
  ])('%p → %s', (value, level, warning) => {
    expect(logLevelFromEnv({ GRADATA_LOG_LEVEL: value }, 'warn')).toEqual({ level, warning });
  });

  test('the caller chooses the fallback (the CLI server logs at info)', () => {
    expect(logLevelFromEnv({ GRADATA_LOG_LEVEL: 'nope' }, 'info').level).toBe('info');
  });
});
