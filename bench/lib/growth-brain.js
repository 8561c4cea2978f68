// Builds big brains fast: direct inserts in one transaction into a database the SDK created
// (so the schema, indexes and outbox-count triggers are the real ones).
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { openBrainDatabase } = require('@gradata/core');
const { pair } = require('./fixtures');

const CATEGORIES = ['TONE', 'CONTENT', 'STYLE', 'FACTUAL', 'PROCESS', 'STRUCTURE'];
const DAY_SEC = 86400;

/** A description of random words, so no seeded lesson is similar to another or to the bench's edits. */
function randomDescription(i) {
  return `seeded lesson ${i}: ${randomUUID().split('-').join(' ')}`;
}

/**
 * Fill `<dir>/system.db` with `lessons` lessons (a third in TONE, the category the bench corrects,
 * so its candidate query sees the most rows), two events per lesson, and an outbox of `synced` rows
 * delivered 30 days ago (waiting for retention), `dead` dead rows and `pending` pending rows.
 */
function buildBrain(dir, { lessons, synced, pending, dead = 0 }) {
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  const brainId = randomUUID();
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('brain_id', ?)").run(brainId);
  const started = process.hrtime.bigint();
  const now = Date.now() / 1000;
  const iso = (sec) => new Date(sec * 1000).toISOString();
  const lesson = db.prepare(
    `INSERT INTO lessons (category, description, state, confidence, fire_count, first_session, last_session, created_at, updated_at, source_event_ids)
     VALUES (?, ?, ?, 0.6, 1, 1, 1, ?, ?, '[]')`,
  );
  const event = db.prepare(
    `INSERT INTO events (ts, session, type, source, data_json, tags_json, brain_id, event_id, device_id, content_hash)
     VALUES (?, 1, ?, 'bench', ?, '[]', ?, ?, 'bench-device', '')`,
  );
  const row = db.prepare(
    `INSERT INTO sync_queue (payload_json, kind, enqueued_at, synced_at, dead_at, attempts, event_id)
     VALUES (?, 'correction', ?, ?, ?, ?, ?)`,
  );
  const [draft, final] = pair(0);
  const payload = (eventId) => JSON.stringify({ brain_id: brainId, event_id: eventId, correction: { session: 1, category: 'TONE', severity: 'moderate', description: 'hedges removed', draft, final } });
  const correctionData = JSON.stringify({ draft, final, category: 'TONE', severity: 'moderate', description: 'hedges removed' });
  db.transaction(() => {
    for (let i = 0; i < lessons; i++) {
      const category = i % 3 === 0 ? 'TONE' : CATEGORIES[1 + (i % 5)];
      const at = iso(now - 60 * DAY_SEC + i);
      lesson.run(category, randomDescription(i), i % 50 === 0 ? 'PATTERN' : 'INSTINCT', at, at);
      event.run(at, 'CORRECTION', correctionData, brainId, `bench-c-${i}`);
      event.run(at, 'LESSON_CHANGE', '{"change":"created"}', brainId, `bench-l-${i}`);
    }
    let id = 0;
    for (let i = 0; i < synced; i++, id++) row.run(payload(`bench-q-${id}`), now - 30 * DAY_SEC, now - 30 * DAY_SEC + i / 1000, null, 0, `bench-q-${id}`);
    for (let i = 0; i < dead; i++, id++) row.run(payload(`bench-q-${id}`), now - DAY_SEC, now - DAY_SEC, now - DAY_SEC, 1, `bench-q-${id}`);
    for (let i = 0; i < pending; i++, id++) row.run(payload(`bench-q-${id}`), now - 3600 + i / 1000, null, null, 0, `bench-q-${id}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { brainId, buildSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Undo the growth migration (id 5): the schema an older release left, to time the upgrade.
 * `keepCountsTable` leaves the (then stale) counts table so this build's close() can still read it.
 */
function revertGrowthMigration(file, { keepCountsTable = false } = {}) {
  const BetterSqlite3 = require('better-sqlite3');
  const db = new BetterSqlite3(file);
  db.exec(`
    DROP INDEX idx_lessons_recent; DROP INDEX idx_lessons_state; DROP INDEX idx_events_type_id;
    DROP INDEX idx_sync_queue_due; DROP INDEX idx_sync_queue_lease; DROP INDEX idx_sync_queue_pending_error;
    DROP INDEX idx_sync_queue_dead_id; DROP INDEX idx_sync_queue_delivered;
    DROP TRIGGER sync_queue_counts_insert; DROP TRIGGER sync_queue_counts_delete; DROP TRIGGER sync_queue_counts_update;
    ${keepCountsTable ? '' : 'DROP TABLE sync_queue_counts;'}
    CREATE INDEX idx_sync_queue_dead ON sync_queue(dead_at) WHERE dead_at IS NOT NULL;
    CREATE INDEX idx_sync_queue_synced ON sync_queue(synced_at) WHERE synced_at IS NOT NULL;
    DELETE FROM migrations WHERE id = 5;
  `);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

module.exports = { buildBrain, revertGrowthMigration };
