/** One request per row (SPEC §7.4): `POST <ingestUrl>` with the row's payload as the body. */
import type { ClaimedRow } from '@gradata/core';
import { postWithBoundedReply } from './bounded-reply';
import { createGotClient, describeNetworkError } from './got-client';
import type { GotClient } from './got-client';
import { AimdConcurrencyLimit } from './concurrency-limit';
import { ABORTED, forEachLimited, keptBody } from './sender';
import type { SendOptions, SendResult, Sender } from './sender';

export interface HttpSenderConfig {
  ingestUrl: string;
  apiKey: string;
  userAgent: string;
  /** Requests in flight at the start; the limit then adapts (AIMD) between 1 and `maxConcurrency`. */
  concurrency: number;
  maxConcurrency: number;
  requestTimeoutMs: number;
  /** https requests go through this proxy; null or absent: direct. */
  proxyUrl?: string | null;
}

/** The adaptive limit a sender starts with. */
export function concurrencyLimitFor(config: HttpSenderConfig): AimdConcurrencyLimit {
  return new AimdConcurrencyLimit({ initial: config.concurrency, max: config.maxConcurrency });
}

export class HttpSender implements Sender {
  private apiKey: string;

  /**
   * `ownsClient`: close() destroys the client's sockets (false when a batch sender shares it).
   * `limit`: requests in flight, shared with a batch sender so both count against one limit.
   */
  constructor(
    private readonly client: GotClient,
    private readonly config: HttpSenderConfig,
    private readonly ownsClient = true,
    readonly limit: AimdConcurrencyLimit = concurrencyLimitFor(config),
  ) {
    this.apiKey = config.apiKey;
  }

  /** Loads got and builds the sender with a client of its own. */
  static async create(config: HttpSenderConfig): Promise<HttpSender> {
    return new HttpSender(await createGotClient(config), config);
  }

  setApiKey(apiKey: string): void {
    this.apiKey = apiKey;
  }

  async send(rows: readonly ClaimedRow[], signal: AbortSignal, options: SendOptions = {}): Promise<SendResult[]> {
    const results: SendResult[] = new Array<SendResult>(rows.length).fill(ABORTED);
    await forEachLimited(rows.length, () => this.limit.limit, async (index) => {
      const row = rows[index] as ClaimedRow;
      const startable = !signal.aborted && (options.canStart?.() ?? true);
      const result = startable ? await this.sendRow(row, signal) : ABORTED;
      results[index] = result;
      options.onResult?.(index, result);
    });
    return results;
  }

  close(): void {
    if (this.ownsClient) this.client.close();
  }

  /** One row, one request, counted by the adaptive limit; never rejects (a failure is a result). */
  sendRow(row: ClaimedRow, signal: AbortSignal): Promise<SendResult> {
    return this.limit.track(() => this.post(row, signal));
  }

  private async post(row: ClaimedRow, signal: AbortSignal): Promise<SendResult> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      'content-type': 'application/json',
      'user-agent': this.config.userAgent,
      'x-gradata-attempt': String(row.attempts + 1),
    };
    if (row.eventId !== null) headers['idempotency-key'] = row.eventId;
    try {
      // A 2xx stays synced whatever its body (SPEC §13), even one cut at the reply limit.
      const reply = await postWithBoundedReply(this.client.got, this.config.ingestUrl, { body: row.payloadJson, headers, signal });
      return { status: reply.status, headers: reply.headers, body: keptBody(reply.body) };
    } catch (error) {
      if (signal.aborted) return ABORTED;
      return { networkError: describeNetworkError(error as Error) };
    }
  }
}
