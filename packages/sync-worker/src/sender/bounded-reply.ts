/**
 * One POST whose reply is read only up to a byte limit. got's promise API buffers the whole body
 * (and has no size option), so a 100 MB answer from a misconfigured proxy or captive portal would
 * fill the worker's capped heap, and Node then aborts the whole process, not only the thread
 * (nodejs/node#47224). Here the request is a got stream: status and headers come from its
 * `response` event, a `content-length` over the limit is refused before any byte is read, and a body
 * without one is read chunk by chunk and the request destroyed once the limit is reached. Memory
 * per request stays under the limit plus one network chunk whatever the server sends.
 */
import type { Got } from './got-client';

/** Most bytes of a reply we read: an ingest reply is about 40 bytes, a batch reply about 90 per item. */
export const MAX_REPLY_BYTES = 64 * 1024;

/** Room a batch reply gets per item: an item's result with a long 422 error. */
const REPLY_BYTES_PER_ITEM = 256;

/**
 * The reply limit for a batch of `rows`: the base limit, or more for a large batch, so a whole
 * reply (500 items answered 422 with their errors) is never cut; still bounded (125 KiB at 500 rows).
 */
export function batchReplyLimit(rows: number): number {
  return Math.max(MAX_REPLY_BYTES, rows * REPLY_BYTES_PER_ITEM);
}

/** A reply whose body may have been cut. */
export interface BoundedReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as read (UTF-8); when `cut` is 'declared', a note saying why it was not read. */
  body: string;
  /** null: read whole; 'declared': content-length over the limit, nothing read; 'read': cut at the limit. */
  cut: null | 'declared' | 'read';
}

export interface BoundedPost {
  body: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

/** The declared body length, or null when absent or unreadable. */
function declaredLength(headers: Record<string, string | string[] | undefined>): number | null {
  const value = headers['content-length'];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  return Number(text);
}

/**
 * POSTs `options.body` to `url` and reads at most `maxBytes` of the reply. Rejects as got's promise
 * API does (network error, timeout, abort, a reply that ends early); a reply over the limit is not an error.
 */
export function postWithBoundedReply(got: Got, url: string, options: BoundedPost, maxBytes = MAX_REPLY_BYTES): Promise<BoundedReply> {
  return new Promise<BoundedReply>((resolve, reject) => {
    // The signal is watched here, not handed to got: got's stream leaves its abort listener on the
    // signal after the reply ends, so a round's shared signal gained one listener per request.
    const { signal } = options;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const request = got.stream.post(url, { body: options.body, headers: options.headers });
    let settled = false;
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let status = 0;
    let headers: BoundedReply['headers'] = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (cut: BoundedReply['cut'], note?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      const body = note ?? Buffer.concat(chunks, size).toString('utf8');
      // Destroying the request closes its socket (HTTP/1.1) or resets its stream (HTTP/2): the rest is never read.
      if (cut !== null) request.destroy();
      resolve({ status, headers, body, cut });
    };
    request.on('response', (response: { statusCode: number; headers: BoundedReply['headers'] }) => {
      status = response.statusCode;
      headers = response.headers;
      const declared = declaredLength(headers);
      if (declared !== null && declared > maxBytes) finish('declared', `reply body not read: content-length ${declared} is over the ${maxBytes}-byte limit`);
    });
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - size;
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(kept);
      size += kept.length;
      if (chunk.length > room) finish('read');
    });
    request.on('end', () => finish(null));
    request.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}
