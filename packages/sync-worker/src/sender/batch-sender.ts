/**
 * Many rows per request: `POST <ingestUrl>/batch` with `{"items":[<payload>,…]}`, answered with a
 * result per item. Each item result becomes the row's own `SendResult`, so the delivery policy
 * cannot tell a batched row from a single one. A receiver without the route is detected on the
 * first 3xx/404/405/410/501 and every row from then on goes through the per-row sender.
 */
import type { ClaimedRow } from '@gradata/core';
import type { LogLevel } from '../protocol';
import { batchReplyLimit, postWithBoundedReply } from './bounded-reply';
import { createGotClient, describeNetworkError } from './got-client';
import type { GotClient } from './got-client';
import type { AimdConcurrencyLimit } from './concurrency-limit';
import { HttpSender } from './http-sender';
import type { HttpSenderConfig } from './http-sender';
import { ABORTED, forEachLimited, keptBody } from './sender';
import type { SendOptions, SendResult, Sender } from './sender';

export interface BatchSenderConfig extends HttpSenderConfig {
  /** Most rows in one request. */
  maxBatchRows: number;
  /** Most body bytes in one request (the receiver's limit is 1 MiB); default 900 KiB. */
  maxBatchBytes?: number;
  /** Where the sender's few log lines go (the thread's reporter). */
  log?: (level: LogLevel, msg: string, obj?: Record<string, unknown>) => void;
}

export const DEFAULT_MAX_BATCH_BYTES = 900 * 1024;
/** Statuses that mean "no batch route here": fall back to one request per row. */
const BATCH_UNSUPPORTED = new Set([404, 405, 410, 501]);
/** Unusable 2xx batch replies in a row after which batching stops for this thread's life. */
const UNUSABLE_REPLIES_BEFORE_FALLBACK = 3;
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/** Bodies the policy reads `deduplicated` from, built once. */
const STORED_BODY = '{"status":"ok","deduplicated":false}';
const DEDUPLICATED_BODY = '{"status":"ok","deduplicated":true}';
const BODY_OVERHEAD_BYTES = '{"items":[]}'.length;

/**
 * A reply that speaks about the batch route, not about the rows: no such route (404/405/410/501),
 * a redirect (never followed with the key attached), or a status outside HTTP's. Per-row delivery
 * may work fine, so these never pause it: the rows go per row, and so does everything after.
 */
export function isRouteRefusal(status: number): boolean {
  return BATCH_UNSUPPORTED.has(status) || (status >= 300 && status < 400) || status < 200 || status > 599;
}

/** A 4xx that would dead-letter a row (SPEC §7.3): not auth, timeout, rate limit or endpoint. */
export function isPermanentRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 408 && status !== 429 && !BATCH_UNSUPPORTED.has(status);
}

/** `<ingestUrl>/batch`, query string kept. */
export function batchUrlFor(ingestUrl: string): string {
  const url = new URL(ingestUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/batch`;
  return url.toString();
}

/** Consecutive `[start, end)` ranges of at most `maxRows` rows and `maxBytes` body bytes (a lone larger row gets its own). */
export function planBatches(rows: readonly ClaimedRow[], maxRows: number, maxBytes: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let bytes = BODY_OVERHEAD_BYTES;
  rows.forEach((row, index) => {
    const size = Buffer.byteLength(row.payloadJson) + 1; // + the comma
    if (index > start && (index - start >= maxRows || bytes + size > maxBytes)) {
      ranges.push([start, index]);
      start = index;
      bytes = BODY_OVERHEAD_BYTES;
    }
    bytes += size;
  });
  if (rows.length > start) ranges.push([start, rows.length]);
  return ranges;
}

/**
 * Maps a 2xx batch reply to one result per row; null when the reply is not `{ results: [...] }`
 * with one well-formed entry per row (a known event_id must match its row).
 */
export function itemResults(body: string, rows: readonly ClaimedRow[]): SendResult[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const results = (parsed as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length !== rows.length) return null;
  const mapped: SendResult[] = new Array<SendResult>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const item = results[index] as { event_id?: unknown; status?: unknown; deduplicated?: unknown; error?: unknown } | null;
    if (typeof item !== 'object' || item === null) return null;
    const { status } = item;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return null;
    const eventId = (rows[index] as ClaimedRow).eventId;
    if (typeof item.event_id === 'string' && eventId !== null && item.event_id !== eventId) return null;
    if (status >= 200 && status < 300) {
      mapped[index] = { status, headers: NO_HEADERS, body: item.deduplicated === true ? DEDUPLICATED_BODY : STORED_BODY };
    } else {
      // Any other item status goes through the same policy as a single ingest's (the receiver sends 422).
      const error = typeof item.error === 'string' ? item.error : `item answered ${status}`;
      mapped[index] = { status, headers: NO_HEADERS, body: JSON.stringify({ error }) };
    }
  }
  return mapped;
}

type Deliver = (index: number, result: SendResult) => void;

export class BatchSender implements Sender {
  private apiKey: string;
  private readonly perRow: HttpSender;
  private readonly batchUrl: string;
  private readonly maxBatchBytes: number;
  /** False once the receiver showed it has no batch route; stays false for this thread's life. */
  private supported = true;
  private reportedBadReply = false;
  private unusableInARow = 0;
  /** Requests in flight, batch or single, adapt together. */
  private readonly limit: AimdConcurrencyLimit;

  constructor(
    private readonly client: GotClient,
    private readonly config: BatchSenderConfig,
  ) {
    this.apiKey = config.apiKey;
    this.perRow = new HttpSender(client, config, false);
    this.limit = this.perRow.limit;
    this.batchUrl = batchUrlFor(config.ingestUrl);
    this.maxBatchBytes = config.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  }

  /** Loads got and builds the sender. */
  static async create(config: BatchSenderConfig): Promise<BatchSender> {
    return new BatchSender(await createGotClient(config), config);
  }

  /** Whether rows still go in batches (false after the receiver showed it has no batch route). */
  get batching(): boolean {
    return this.supported;
  }

  setApiKey(apiKey: string): void {
    this.apiKey = apiKey;
    this.perRow.setApiKey(apiKey);
  }

  close(): void {
    this.client.close();
  }

  async send(rows: readonly ClaimedRow[], signal: AbortSignal, options: SendOptions = {}): Promise<SendResult[]> {
    // One row is one request either way: the single route is the contract every receiver has.
    if (!this.supported || rows.length <= 1) return this.perRow.send(rows, signal, options);
    const results: SendResult[] = new Array<SendResult>(rows.length).fill(ABORTED);
    const deliver: Deliver = (index, result) => {
      results[index] = result;
      options.onResult?.(index, result);
    };
    const ranges = planBatches(rows, this.config.maxBatchRows, this.maxBatchBytes);
    const perRowLater: number[] = [];
    await forEachLimited(ranges.length, () => this.limit.limit, async (index) => {
      const [start, end] = ranges[index] as [number, number];
      await this.sendRange(rows, start, end, signal, options, deliver, perRowLater);
    });
    if (perRowLater.length > 0) {
      // The route turned out missing in this round: its rows go per row at the whole limit, not one lane per range.
      await this.perRow.send(perRowLater.map((index) => rows[index] as ClaimedRow), signal, {
        canStart: options.canStart,
        onResult: (offset, result) => deliver(perRowLater[offset] as number, result),
      });
    }
    return results;
  }

  /**
   * Delivers exactly one result per row of `[start, end)`, or leaves its indices in `perRowLater`
   * once the batch route is known to be missing; never rejects.
   */
  private async sendRange(
    rows: readonly ClaimedRow[],
    start: number,
    end: number,
    signal: AbortSignal,
    options: SendOptions,
    deliver: Deliver,
    perRowLater: number[],
  ): Promise<void> {
    if (!this.supported) {
      for (let index = start; index < end; index++) perRowLater.push(index);
      return;
    }
    if (signal.aborted || !(options.canStart?.() ?? true)) {
      for (let index = start; index < end; index++) deliver(index, ABORTED);
      return;
    }
    if (end - start === 1) {
      deliver(start, await this.perRow.sendRow(rows[start] as ClaimedRow, signal));
      return;
    }
    let cut = false;
    const reply = await this.limit.track(() => this.post(rows, start, end, signal, () => (cut = true)));
    if (!('status' in reply)) {
      for (let index = start; index < end; index++) deliver(index, reply);
      return;
    }
    const { status } = reply;
    if (status >= 200 && status < 300) {
      // A cut reply cannot say what became of each item: the same per-row fallback as a malformed one.
      const mapped = cut ? null : itemResults(reply.body, rows.slice(start, end));
      if (mapped) {
        this.unusableInARow = 0;
        mapped.forEach((result, offset) => deliver(start + offset, result));
        return;
      }
      // Not our batch contract (a proxy page, a truncated body, an older server): these rows take
      // the plain per-row call, which every ingest server speaks (items it may have stored are
      // deduplicated by event_id). Batching stops only when that keeps happening.
      this.badReply(status, reply.body, end - start);
      this.unusableInARow += 1;
      if (this.unusableInARow >= UNUSABLE_REPLIES_BEFORE_FALLBACK) this.unsupported(status);
      await this.perRowRange(rows, start, end, signal, options, deliver);
      return;
    }
    if (isRouteRefusal(status)) {
      this.unsupported(status);
      await this.sendRange(rows, start, end, signal, options, deliver, perRowLater);
      return;
    }
    if (isPermanentRefusal(status)) {
      // A permanent refusal of the whole request (413 too large, 400 a corrupt payload, 422…) is
      // never pinned on every row at once: halve until it fits or the one guilty row is alone.
      const middle = start + Math.ceil((end - start) / 2);
      await this.sendRange(rows, start, middle, signal, options, deliver, perRowLater);
      await this.sendRange(rows, middle, end, signal, options, deliver, perRowLater);
      return;
    }
    // Auth, rate limit, 5xx, 408: the server's answer whatever the route, so every row's answer.
    const whole: SendResult = { ...reply, body: keptBody(reply.body) };
    for (let index = start; index < end; index++) deliver(index, whole);
  }

  /** `onCut` hears that the reply was longer than the limit and only its start was read. */
  private async post(rows: readonly ClaimedRow[], start: number, end: number, signal: AbortSignal, onCut: () => void): Promise<SendResult> {
    // Payloads are stored JSON already: concatenated, never parsed and re-serialised.
    let body = '{"items":[';
    let attempt = 0;
    for (let index = start; index < end; index++) {
      const row = rows[index] as ClaimedRow;
      if (index > start) body += ',';
      body += row.payloadJson;
      if (row.attempts + 1 > attempt) attempt = row.attempts + 1;
    }
    body += ']}';
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      'content-type': 'application/json',
      'user-agent': this.config.userAgent,
      'x-gradata-attempt': String(attempt),
    };
    try {
      const reply = await postWithBoundedReply(this.client.got, this.batchUrl, { body, headers, signal }, batchReplyLimit(end - start));
      if (reply.cut !== null) onCut();
      return { status: reply.status, headers: reply.headers, body: reply.body };
    } catch (error) {
      if (signal.aborted) return ABORTED;
      return { networkError: describeNetworkError(error as Error) };
    }
  }

  /**
   * The range's rows one request at a time: ranges already run up to the limit at once, so this
   * keeps the requests in flight within it.
   */
  private async perRowRange(rows: readonly ClaimedRow[], start: number, end: number, signal: AbortSignal, options: SendOptions, deliver: Deliver): Promise<void> {
    for (let index = start; index < end; index++) {
      const startable = !signal.aborted && (options.canStart?.() ?? true);
      deliver(index, startable ? await this.perRow.sendRow(rows[index] as ClaimedRow, signal) : ABORTED);
    }
  }

  private unsupported(status: number): void {
    if (!this.supported) return;
    this.supported = false;
    this.config.log?.('info', `batch ingest is not available (http ${status}); sending one request per row from now on`, { batchUrl: this.batchUrl });
  }

  private badReply(status: number, body: string, rows: number): void {
    const level: LogLevel = this.reportedBadReply ? 'debug' : 'warn';
    this.reportedBadReply = true;
    this.config.log?.(level, `unusable batch reply (http ${status}); its ${rows} row(s) go one request per row`, { body: body.slice(0, 200) });
  }
}
