import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIngestServer, type IngestServer, type ReceivedRequest } from '@gradata/ingest-server';

export const KEY = 'test-key';

/** A valid ingest body (SPEC §6 payload). */
export function correctionBody(eventId: string, brainId = 'brain-1', overrides: Record<string, unknown> = {}) {
  return {
    brain_id: brainId,
    event_id: eventId,
    correction: {
      session: 1,
      category: 'TONE',
      severity: 'minor',
      description: 'Dropped a hedge.',
      draft: 'We might maybe ship it.',
      final: 'We ship it.',
      ...overrides,
    },
  };
}

/** Headers the sync worker sends (SPEC §7.4). */
/** `key: null` sends no Authorization header. */
export function headers(extra: Record<string, string> = {}, key: string | null = KEY): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    ...extra,
  };
}

/** POSTs JSON (or raw text) and returns status, headers and parsed body; `key: null` sends no key. */
export async function postJson(url: string, body: unknown, extraHeaders: Record<string, string> = {}, key: string | null = KEY) {
  const response = await fetch(url, {
    method: 'POST',
    headers: headers(extraHeaders, key),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A receiver with the test key, started before and closed after every test of the calling
 * `describe`; `seen` lists what it answered (emptied per test).
 */
export function useReceiver(): { readonly server: IngestServer; readonly seen: ReceivedRequest[] } {
  const seen: ReceivedRequest[] = [];
  let current: IngestServer | null = null;
  beforeEach(async () => {
    seen.length = 0;
    current = await startIngestServer({ keys: [KEY], logger: false, onRequest: (info) => seen.push(info) });
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return {
    get server(): IngestServer {
      if (!current) throw new Error('the receiver exists only inside a test');
      return current;
    },
    seen,
  };
}
