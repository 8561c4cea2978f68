/**
 * The only file that builds the got client. got is loaded in the worker thread from the bundle the
 * build makes of it (load-got.ts); its types come in with `resolution-mode: import`. The per-row
 * and the batch sender share one client, so they share its kept-alive sockets (or HTTP/2 session).
 *
 * Transport: HTTP/2 when an https origin offers it (ALPN, through got's `http2` option), many
 * streams on one connection; HTTP/1.1 keep-alive otherwise. Through a proxy, requests go in
 * CONNECT tunnels (hpagent) over HTTP/1.1 keep-alive. TLS verification is never turned off, not
 * even by NODE_TLS_REJECT_UNAUTHORIZED=0: a private CA is trusted the way Node trusts one, with
 * NODE_EXTRA_CA_CERTS.
 */
import http from 'node:http';
import https from 'node:https';
import { HttpsProxyAgent } from 'hpagent';
import http2wrapper from 'http2-wrapper';
import { loadGot } from './load-got';
import type { Got, RequestError } from 'got' with { 'resolution-mode': 'import' };

export type { Got };

export interface GotClientConfig {
  /** Sockets per origin: the adaptive limit's ceiling, so the senders never run more requests at once. */
  maxConcurrency: number;
  requestTimeoutMs: number;
  /** Every https request goes through this proxy (a CONNECT tunnel); null: direct. */
  proxyUrl?: string | null;
}

/** A got instance with the delivery policy's fixed options, and the agents behind it. */
export interface GotClient {
  readonly got: Got;
  /** Destroys kept-alive sockets. */
  close(): void;
}

/** Loads got (the bundle) and builds the shared client. */
export async function createGotClient(config: GotClientConfig): Promise<GotClient> {
  const got = loadGot();
  // noDelay: headers and body go out in separate writes; Nagle would hold the second one back.
  const agentOptions = { keepAlive: true, noDelay: true, maxSockets: config.maxConcurrency, maxFreeSockets: config.maxConcurrency };
  const proxyUrl = config.proxyUrl ?? null;
  const agents = {
    http: new http.Agent(agentOptions),
    // An https proxy's own certificate is checked too, whatever the environment says.
    https: proxyUrl ? new HttpsProxyAgent({ ...agentOptions, proxy: proxyUrl, proxyRequestOptions: { rejectUnauthorized: true } }) : new https.Agent(agentOptions),
    // One session per origin carries every stream; sessions close when the client does.
    http2: proxyUrl ? undefined : new http2wrapper.Agent(),
  };
  // Fixed options merged once; each request only adds its body, headers and signal.
  const client = got.extend({
    agent: agents,
    http2: proxyUrl === null, // ALPN picks h2 or http/1.1 per origin; plain http stays http/1.1
    retry: { limit: 0 }, // the delivery policy owns retries
    followRedirect: false, // a 3xx is an endpoint problem, never followed with the key attached
    throwHttpErrors: false,
    decompress: false, // replies are small JSON
    // Pinned: NODE_TLS_REJECT_UNAUTHORIZED=0, set for some other tool, must not send the key to
    // anyone who answers (tls-verification-pinned.test.ts). Leaving it unset works only because
    // Node treats an explicit undefined as true.
    https: { rejectUnauthorized: true },
    timeout: { request: config.requestTimeoutMs },
    responseType: 'text',
  });
  return {
    got: client,
    close() {
      agents.http.destroy();
      agents.https.destroy();
      agents.http2?.destroy();
    },
  };
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1234" — never includes request headers. */
export function describeNetworkError(error: RequestError | Error): string {
  const code = (error as { code?: unknown }).code;
  const message = error.message ?? String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
