import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { Brain, GradataClosedError, peekPending } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

const DRAFT = 'Hi Sam, I think we might be able to refund your order, maybe within 10 business days. Let me check with the team and get back to you soon.';
const FINAL = 'Hi Sam, we will refund your order within 5 business days. You will get a confirmation e-mail today.';

function rows(brain: Brain, sql: string): Array<Record<string, unknown>> {
  const db = new BetterSqlite3(path.join(brain.dir, 'system.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe('correct()', () => {
  it('returns the analysis and commits the CORRECTION event, its lesson and the outbox row with the same event_id', async () => {
    const brain = openTestBrain({ apiKey: 'test-key' });
    const result = await brain.correct(DRAFT, FINAL, { category: 'TONE' });
    expect(result).toMatchObject({ session: 1, category: 'TONE', queued: true });
    expect(result.eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(['minor', 'moderate', 'major', 'discarded']).toContain(result.severity);
    expect(result.lesson).toMatchObject({ change: 'created', state: 'INSTINCT', confidence: 0.6, fireCount: 1, category: 'TONE' });
    expect(result.classifications.length).toBeGreaterThan(0);

    const events = rows(brain, 'SELECT type, event_id, brain_id, session FROM events ORDER BY id');
    expect(events.map((e) => e.type)).toEqual(['CORRECTION', 'LESSON_CHANGE']);
    expect(events[0]).toMatchObject({ event_id: result.eventId, brain_id: brain.brainId, session: 1 });
    const outbox = rows(brain, 'SELECT kind, event_id, payload_json FROM sync_queue');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'correction', event_id: result.eventId });
    const payload = JSON.parse(String(outbox[0].payload_json));
    expect(payload).toMatchObject({
      brain_id: brain.brainId,
      event_id: result.eventId,
      correction: { session: 1, category: 'TONE', severity: result.severity, draft: DRAFT, final: FINAL },
    });
    expect(payload.correction.description.length).toBeGreaterThan(0);
    await brain.close();
  });

  it('writes no outbox row when write-through is disabled or no key resolves', async () => {
    for (const options of [{ apiKey: 'k', writeThrough: false }, {}]) {
      const brain = openTestBrain(options);
      const result = await brain.correct(DRAFT, FINAL);
      expect(result.queued).toBe(false);
      expect(rows(brain, 'SELECT * FROM sync_queue')).toHaveLength(0);
      expect(rows(brain, "SELECT * FROM events WHERE type = 'CORRECTION'")).toHaveLength(1);
      await brain.close();
    }
  });

  it('still queues (and reports why delivery is off) when the ingest URL is plain http to a remote host', async () => {
    const brain = openTestBrain({ apiKey: 'k', ingestUrl: 'http://example.com/api/v1/ingest' });
    expect((await brain.correct(DRAFT, FINAL)).queued).toBe(true);
    expect(brain.syncStatus()).toMatchObject({ enabled: false, reason: 'insecure-ingest-url', worker: 'off', pending: 1 });
    await brain.close();
  });

  it('dryRun analyses and writes nothing', async () => {
    const brain = openTestBrain({ apiKey: 'k' });
    const result = await brain.correct(DRAFT, FINAL, { dryRun: true });
    expect(result).toMatchObject({ eventId: '', queued: false, lesson: null });
    expect(result.editDistance).toBeGreaterThan(0);
    expect(rows(brain, 'SELECT * FROM events')).toHaveLength(0);
    expect(rows(brain, 'SELECT * FROM lessons')).toHaveLength(0);
    expect(rows(brain, 'SELECT * FROM sync_queue')).toHaveLength(0);
    await brain.close();
  });

  it('keeps the brain id across reopenings and uses the requested session', async () => {
    const dir = path.join(tmpDir(), 'b');
    const first = openTestBrain({}, dir);
    const id = first.brainId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await first.close();
    const second = openTestBrain({}, dir);
    expect(second.brainId).toBe(id);
    expect((await second.correct(DRAFT, FINAL, { session: 7 })).session).toBe(7);
    expect(second.corrections({ session: 7 })).toHaveLength(1);
    expect(second.corrections({ session: 1 })).toHaveLength(0);
    await second.close();
  });

  it('reads corrections back newest first', async () => {
    const brain = openTestBrain();
    await brain.correct('first draft text here', 'first final text here now');
    await brain.correct('second draft text', 'second final text changed');
    const list = brain.corrections();
    expect(list.map((c) => c.draft)).toEqual(['second draft text', 'first draft text here']);
    expect(brain.corrections({ limit: 1 })).toHaveLength(1);
    await brain.close();
  });

  it('close() is idempotent and later calls fail with GradataClosedError', async () => {
    const brain = openTestBrain();
    const a = brain.close();
    const b = brain.close();
    expect(a).toBe(b);
    await expect(a).resolves.toEqual({ delivered: 0, remaining: 0, leasedElsewhere: 0 });
    await expect(brain.correct('a', 'b')).rejects.toBeInstanceOf(GradataClosedError);
    expect(() => brain.syncStatus()).toThrow(GradataClosedError);
  });

  it('reports outbox counts in syncStatus without a syncer', async () => {
    const brain = openTestBrain({ apiKey: 'k' });
    await brain.correct(DRAFT, FINAL);
    await brain.correct('another draft', 'another final');
    const status = brain.syncStatus();
    expect(status).toMatchObject({ enabled: false, reason: 'no-syncer', worker: 'off', pending: 2, dead: 0, synced: 0, failing: 0 });
    expect(status.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    expect(await brain.flush()).toEqual({ delivered: 0, dead: 0, remaining: 2, leasedElsewhere: 0 });
    await brain.close();
  });
});

describe('backfill()', () => {
  it('enqueues stored corrections that never got an outbox row, once', async () => {
    const dir = path.join(tmpDir(), 'b');
    const offline = openTestBrain({ writeThrough: false }, dir);
    await offline.correct(DRAFT, FINAL);
    await offline.correct('draft two', 'final two');
    await offline.close();
    const online = openTestBrain({ apiKey: 'k' }, dir);
    await online.correct('draft three', 'final three');
    expect(await online.backfill()).toBe(2);
    expect(await online.backfill()).toBe(0);
    const db = new BetterSqlite3(path.join(dir, 'system.db'), { readonly: true });
    const pending = peekPending(db);
    db.close();
    expect(pending).toHaveLength(3);
    expect(new Set(pending.map((r) => (r.payload as { event_id: string }).event_id)).size).toBe(3);
    await online.close();
  });
});
