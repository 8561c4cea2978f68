import type { ClaimedRow } from '@gradata/core';

/** What one row's delivery attempt produced. */
export type SendResult =
  | { status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { networkError: string }
  /** Never sent, or cut off by the signal: the row is untouched and goes back to the queue as it was. */
  | { aborted: true };

export interface SendOptions {
  /** Called as each row's result arrives (a batch sender calls it once per row at the end). */
  onResult?: (index: number, result: SendResult) => void;
  /** Asked before each request starts; false leaves the row unsent (`aborted`). */
  canStart?: () => boolean;
}

/**
 * Delivers claimed rows and returns one result per row, in row order: `HttpSender` one request per
 * row, `BatchSender` many rows per request (a result per item), behind the same loop.
 */
export interface Sender {
  send(rows: readonly ClaimedRow[], signal: AbortSignal, options?: SendOptions): Promise<SendResult[]>;
  setApiKey(apiKey: string): void;
  /** Closes kept-alive connections. */
  close(): void;
}

/** Caps what we keep of a response body: the policy only quotes 200 characters of it. */
export const MAX_BODY_CHARS = 4_096;

/** The part of a reply body a result keeps (at most MAX_BODY_CHARS). */
export function keptBody(body: string): string {
  return body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
}

export const ABORTED: SendResult = Object.freeze({ aborted: true as const });

export function isAborted(result: SendResult): result is { aborted: true } {
  return 'aborted' in result;
}

/**
 * Runs `task` over `count` items in index order with at most `limit()` running at once (read
 * again as each one ends, so an adaptive limit takes effect at once). Resolves when every started
 * task has settled; `task` must not reject.
 */
export function forEachLimited(count: number, limit: number | (() => number), task: (index: number) => Promise<void>): Promise<void> {
  const currentLimit = typeof limit === 'number' ? () => limit : limit;
  return new Promise((resolve) => {
    let next = 0;
    let running = 0;
    const pump = (): void => {
      while (next < count && running < Math.max(1, currentLimit())) {
        const index = next++;
        running += 1;
        const settled = (): void => {
          running -= 1;
          pump();
        };
        task(index).then(settled, settled);
      }
      if (running === 0 && next >= count) resolve();
    };
    pump();
  });
}
