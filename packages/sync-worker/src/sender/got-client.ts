/**
 * The only file that loads got. got is ESM-only, so it is loaded with a dynamic import inside the
 * worker thread; its types come in with `resolution-mode: import`. The per-row and the batch sender
 * share one client, so they share its kept-alive sockets too.
 */
import http from 'node:http';
import https from 'node:https';
import type { Got, RequestError } from 'got' with { 'resolution-mode': 'import' };

export type { Got };

export interface GotClientConfig {
  /** Sockets per origin: the adaptive limit's ceiling, so the senders never run more requests at once. */
  maxConcurrency: number;
  requestTimeoutMs: number;
}

/** A got instance with the delivery policy's fixed options, and the agents behind it. */
export interface GotClient {
  readonly got: Got;
  /** Destroys kept-alive sockets. */
  close(): void;
}

/** Loads got (ESM) and builds the shared client. */
export async function createGotClient(config: GotClientConfig): Promise<GotClient> {
  const { default: got } = await import('got');
  // noDelay: headers and body go out in separate writes; Nagle would hold the second one back.
  const agentOptions = { keepAlive: true, noDelay: true, maxSockets: config.maxConcurrency, maxFreeSockets: config.maxConcurrency };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  // Fixed options merged once; each request only adds its body, headers and signal.
  const client = got.extend({
    agent: agents,
    retry: { limit: 0 }, // the delivery policy owns retries
    followRedirect: false, // a 3xx is an endpoint problem, never followed with the key attached
    throwHttpErrors: false,
    decompress: false, // replies are small JSON
    timeout: { request: config.requestTimeoutMs },
    responseType: 'text',
  });
  return {
    got: client,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1234" — never includes request headers. */
export function describeNetworkError(error: RequestError | Error): string {
  const code = (error as { code?: unknown }).code;
  const message = error.message ?? String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
