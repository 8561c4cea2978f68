import { ENV } from '@gradata/core';
import type { ResolvedConfig } from '@gradata/core';
import { keyFingerprint, proxyFor, proxyHost } from '@gradata/sync-worker';
import { fail, ok, warn } from './check';
import type { Check } from './check';
import { probeEndpoint } from './probe';

type Env = Readonly<Record<string, string | undefined>>;

/** The key, only as the fingerprint the sync worker stores with an auth pause; and where it came from. */
export function checkKey(config: Readonly<ResolvedConfig>, env: Env): Check {
  if (config.apiKey === null) {
    return warn('key', `no API key (${ENV.apiKey} or ~/.gradata/key): corrections stay local, write-through is off`, { present: false });
  }
  const source = env[ENV.apiKey]?.trim() ? ENV.apiKey : '~/.gradata/key';
  const fingerprint = keyFingerprint(config.apiKey);
  return ok('key', `present (from ${source}), fingerprint ${fingerprint}`, { present: true, source, fingerprint });
}

/** The ingest URL and how a request would reach it: direct or through which proxy. */
export function checkIngest(config: Readonly<ResolvedConfig>, env: Env): { check: Check; proxyUrl: string | null } {
  const data: Record<string, unknown> = { url: config.ingestUrl, writeThrough: config.deliveryAllowed, reason: config.reason };
  if (config.reason === 'insecure-ingest-url') {
    return { check: fail('ingest', `${config.ingestUrl} is not https (plain http only on loopback): write-through is off`, data), proxyUrl: null };
  }
  const proxy = proxyFor(config.ingestUrl, env);
  if (proxy.kind === 'invalid') {
    data.proxy = { variable: proxy.variable, problem: proxy.problem };
    return { check: fail('ingest', `${config.ingestUrl}: ${proxy.variable} ${proxy.problem}; delivery will not go around it`, data), proxyUrl: null };
  }
  const off = config.deliveryAllowed ? '' : `; write-through off (${config.reason})`;
  if (proxy.kind === 'direct') {
    data.proxy = null;
    return { check: ok('ingest', `${config.ingestUrl}, direct (no proxy applies)${off}`, data), proxyUrl: null };
  }
  data.proxy = { variable: proxy.variable, host: proxyHost(proxy.url) };
  return { check: ok('ingest', `${config.ingestUrl} via proxy ${proxyHost(proxy.url)} (${proxy.variable})${off}`, data), proxyUrl: proxy.url };
}

/**
 * Whether the endpoint answers, without sending a correction. Not asked when write-through is
 * disabled on purpose (nothing will be sent); asked without a key, since a missing key is its own line.
 */
export async function checkEndpoint(config: Readonly<ResolvedConfig>, proxyUrl: string | null): Promise<Check> {
  if (config.reason === 'disabled') return ok('endpoint', `not asked: write-through disabled by ${ENV.disableWriteThrough}`, { asked: false });
  if (config.reason === 'insecure-ingest-url') return fail('endpoint', 'not asked: the ingest URL is not https', { asked: false });
  const result = await probeEndpoint(config.ingestUrl, proxyUrl);
  const data = { asked: true, ...result };
  if (!result.answered) {
    // Without a key nothing is sent, so an unreachable endpoint does not fail this machine's setup.
    const level = config.deliveryAllowed ? fail : warn;
    return level('endpoint', `${config.ingestUrl} does not answer: ${result.error}`, data);
  }
  const how = `answers (HTTP ${result.status} to a GET without key or body, ${result.ms} ms${config.ingestUrl.startsWith('https:') ? ', TLS verified' : ''})`;
  if (result.status! >= 500) return warn('endpoint', `${how}: the server reports an error; delivery will retry`, data);
  return ok('endpoint', how, data);
}
