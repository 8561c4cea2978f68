import { spawn } from 'node:child_process';
import path from 'node:path';
import { openSqlite } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer, ReceivedRequest } from '@gradata/ingest-server';
import { SDK_DIST, cleanEnv, tmpDir } from '../helpers';

function runChild(dir: string, count: number, server: IngestServer): Promise<{ ids: string[]; report: { delivered: number; remaining: number } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '../fixtures/record-batch.js'), dir, String(count)], {
      env: cleanEnv({ SDK_DIST, GRADATA_API_KEY: 'shared-key', GRADATA_CLOUD_INGEST_URL: server.ingestUrl }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}`))));
  });
}

it('two processes sharing one brain: every row arrives, and no row is in flight from both at once', async () => {
  const inFlight = new Map<string, Array<[number, number]>>();
  const server = await startIngestServer({
    keys: ['shared-key'],
    logger: false,
    faults: { latencyMs: 15 },
    onRequest(info: ReceivedRequest) {
      if (info.route !== 'ingest' || !info.eventId) return;
      const spans = inFlight.get(info.eventId) ?? [];
      spans.push([info.at, Date.now()]);
      inFlight.set(info.eventId, spans);
    },
  });
  try {
    const dir = path.join(tmpDir(), 'brain');
    const [a, b] = await Promise.all([runChild(dir, 150, server), runChild(dir, 150, server)]);
    const stored = new Set(server.storedEventIds());
    for (const id of [...a.ids, ...b.ids]) expect(stored.has(id)).toBe(true);
    // Each report counts rows still pending when that process stopped, including rows the other one
    // held in flight; once both have stopped, nothing is left.
    const db = openSqlite(path.join(dir, 'system.db'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_queue WHERE synced_at IS NULL').get()).toEqual({ n: 0 });
    db.close();
    // Overlapping requests for one event would mean two workers sent the same leased row at once.
    for (const [eventId, spans] of inFlight) {
      spans.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < spans.length; i++) {
        if (spans[i][0] < spans[i - 1][1]) throw new Error(`event ${eventId} was in flight twice at once`);
      }
    }
    expect(inFlight.size).toBe(300);
  } finally {
    await server.close();
  }
}, 120_000);
