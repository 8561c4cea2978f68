/**
 * The only file that touches got. got is ESM-only, so it is loaded with a dynamic import inside
 * the worker thread; its types come in with `resolution-mode: import`.
 */
import http from 'node:http';
import https from 'node:https';
import type { Got, RequestError } from 'got' with { 'resolution-mode': 'import' };
import type { ClaimedRow } from '@gradata/core';
import { ABORTED, forEachLimited } from './sender';
import type { SendOptions, SendResult, Sender } from './sender';

export interface HttpSenderConfig {
  ingestUrl: string;
  apiKey: string;
  userAgent: string;
  concurrency: number;
  requestTimeoutMs: number;
}

/** Caps what we keep of a response body: the policy only quotes 200 characters of it. */
const MAX_BODY_CHARS = 4_096;

export class HttpSender implements Sender {
  private apiKey: string;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly client: Got;

  private constructor(
    got: Got,
    private readonly config: HttpSenderConfig,
  ) {
    this.apiKey = config.apiKey;
    // noDelay: headers and body go out in separate writes; Nagle would hold the second one back.
    const agentOptions = { keepAlive: true, noDelay: true, maxSockets: config.concurrency, maxFreeSockets: config.concurrency };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    // Fixed options merged once; each request only adds its body, headers and signal.
    this.client = got.extend({
      agent: this.agents,
      retry: { limit: 0 }, // the delivery policy owns retries
      followRedirect: false, // a 3xx is an endpoint problem, never followed with the key attached
      throwHttpErrors: false,
      decompress: false, // replies are a few bytes of JSON
      timeout: { request: config.requestTimeoutMs },
      responseType: 'text',
    });
  }

  /** Loads got (ESM) and builds the sender. */
  static async create(config: HttpSenderConfig): Promise<HttpSender> {
    const { default: got } = await import('got');
    return new HttpSender(got, config);
  }

  setApiKey(apiKey: string): void {
    this.apiKey = apiKey;
  }

  async send(rows: readonly ClaimedRow[], signal: AbortSignal, options: SendOptions = {}): Promise<SendResult[]> {
    const results: SendResult[] = new Array<SendResult>(rows.length).fill(ABORTED);
    await forEachLimited(rows.length, this.config.concurrency, async (index) => {
      const row = rows[index] as ClaimedRow;
      const startable = !signal.aborted && (options.canStart?.() ?? true);
      const result = startable ? await this.sendOne(row, signal) : ABORTED;
      results[index] = result;
      options.onResult?.(index, result);
    });
    return results;
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async sendOne(row: ClaimedRow, signal: AbortSignal): Promise<SendResult> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      'content-type': 'application/json',
      'user-agent': this.config.userAgent,
      'x-gradata-attempt': String(row.attempts + 1),
    };
    if (row.eventId !== null) headers['idempotency-key'] = row.eventId;
    try {
      const response = await this.client.post(this.config.ingestUrl, { body: row.payloadJson, headers, signal });
      const body = response.body.length > MAX_BODY_CHARS ? response.body.slice(0, MAX_BODY_CHARS) : response.body;
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (signal.aborted) return ABORTED;
      return { networkError: describeNetworkError(error as RequestError) };
    }
  }
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1234" — never includes request headers. */
function describeNetworkError(error: RequestError | Error): string {
  const code = (error as { code?: unknown }).code;
  const message = error.message ?? String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
