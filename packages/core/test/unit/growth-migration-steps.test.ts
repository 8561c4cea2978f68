import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openBrainDatabase, queueStats, runMigrations } from '@gradata/core';
import { growthIndexes } from '../../src/storage/growth-migration';
import { GROWTH_INDEXES, olderBrainFile } from '../helpers/older-brain';
import { tmpDir } from '../helpers/tmp';

/**
 * Migration 5 builds eight indexes; each CREATE INDEX reads its whole table under the write lock.
 * In one transaction that held the lock 3.7 s on a 1.1M-row outbox (other processes give up after
 * 5 s), so it runs in steps, one index per transaction, and a process killed between steps leaves
 * a brain the next open completes.
 */
/** A brain as the previous release left it (migrations 1–4), with `outboxRows` rows in every outbox state. */
function olderBrain(outboxRows = 14): string {
  return olderBrainFile((db) => {
    const row = db.prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at, synced_at, dead_at, attempts) VALUES (?, 'correction', 1, ?, ?, ?)");
    const payload = JSON.stringify({ text: 'x'.repeat(200) });
    for (let i = 0; i < outboxRows; i++) {
      const state = i % 7; // 0–2 pending (0 failing), 3–5 synced, 6 dead
      if (state < 3) row.run(payload, null, null, state === 0 ? 1 : 0);
      else if (state < 6) row.run(payload, 100, null, 0);
      else row.run(payload, 100, 100, 1);
    }
  });
}

/** Every index, trigger and table with its SQL: what a fresh brain has is what an upgraded one must have. */
function schema(file: string): Array<{ type: string; name: string; sql: string | null }> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Array<{ type: string; name: string; sql: string | null }>;
  } finally {
    db.close();
  }
}

function freshSchema(): ReturnType<typeof schema> {
  const file = path.join(tmpDir(), 'system.db');
  openBrainDatabase(file).close();
  return schema(file);
}

/** Exact counts of an outbox from olderBrain(rows). */
function countsFor(rows: number): { pending: number; failing: number; synced: number; dead: number } {
  const states = Array.from({ length: 7 }, (_, state) => Math.floor(rows / 7) + (state < rows % 7 ? 1 : 0));
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0] = states;
  return { pending: a + b + c, failing: a, synced: d + e + f, dead: g };
}
const COUNTS = countsFor(14);

test('each new index gets a transaction of its own, and the migration is recorded with the last step', () => {
  const db = new BetterSqlite3(olderBrain());
  // Which SQL ran inside which transaction: runMigrations' own connection, observed from outside.
  const transactions: string[][] = [];
  let current: string[] | null = null;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) =>
    transaction((...args: unknown[]) => {
      current = [];
      transactions.push(current);
      try {
        return fn(...args);
      } finally {
        current = null;
      }
    })) as typeof db.transaction;
  const exec = db.exec.bind(db);
  db.exec = ((sql: string) => {
    current?.push(sql);
    return exec(sql);
  }) as typeof db.exec;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    current?.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;

  runMigrations(db);
  const indexBuilds = transactions.map((sqls) => sqls.join('\n').match(/CREATE INDEX/g)?.length ?? 0);
  expect(indexBuilds.filter((n) => n === 1)).toHaveLength(GROWTH_INDEXES.length);
  expect(Math.max(...indexBuilds)).toBe(1);
  expect(db.prepare('SELECT COUNT(*) AS n FROM migrations WHERE id = 5').get()).toEqual({ n: 1 });
  expect(queueStats(db)).toMatchObject(COUNTS);
  db.close();
});

test.each(Array.from({ length: growthIndexes.steps?.length ?? 0 }, (_, k) => k))(
  'stopped after %i step(s): the next open completes it, with the schema of a fresh brain and exact counts',
  (done) => {
    const file = olderBrain();
    const db = new BetterSqlite3(file);
    for (const step of (growthIndexes.steps ?? []).slice(0, done)) db.transaction(() => step(db)).immediate();
    db.close();
    const upgraded = openBrainDatabase(file);
    expect(queueStats(upgraded)).toMatchObject(COUNTS);
    expect(upgraded.prepare('SELECT COUNT(*) AS n FROM migrations WHERE id = 5').get()).toEqual({ n: 1 });
    upgraded.close();
    expect(schema(file)).toEqual(freshSchema());
  },
);

test('a process killed in the middle of the upgrade: the indexes it built stay, the next open completes the rest', async () => {
  const file = olderBrain(100_000);
  const script = `require(${JSON.stringify(path.resolve(__dirname, '../../dist/index.js'))}).openBrainDatabase(${JSON.stringify(file)})`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Reads never wait for the writer (WAL): kill it once the third index is committed.
  const watcher = new BetterSqlite3(file, { readonly: true });
  const built = watcher.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'idx_events_type_id'");
  const recorded = watcher.prepare('SELECT COUNT(*) AS n FROM migrations WHERE id = 5');
  let killedMidway = false;
  for (let polls = 0; polls < 20_000 && child.exitCode === null; polls++) {
    if ((built.get() as { n: number }).n === 1) {
      killedMidway = (recorded.get() as { n: number }).n === 0;
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  watcher.close();
  expect(await exited).toBe('SIGKILL');
  // One transaction would have committed the index and the record together: never seen midway.
  expect(killedMidway).toBe(true);

  const upgraded = openBrainDatabase(file);
  expect(queueStats(upgraded)).toMatchObject(countsFor(100_000));
  upgraded.close();
  expect(schema(file)).toEqual(freshSchema());
});

test('another process writing the brain gets the lock between steps, not only after the whole upgrade', async () => {
  const file = olderBrain(100_000);
  const script = `require(${JSON.stringify(path.resolve(__dirname, '../../dist/index.js'))}).openBrainDatabase(${JSON.stringify(file)}).close()`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const other = new BetterSqlite3(file);
  other.pragma('busy_timeout = 30000');
  const recorded = other.prepare('SELECT COUNT(*) AS n FROM migrations WHERE id = 5');
  const started = other.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'idx_lessons_recent'");
  while ((started.get() as { n: number }).n === 0 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
  // Writes as an agent would, each waiting for the lock (busy_timeout); some must land mid-upgrade.
  const write = other.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('other-writer', ?)");
  let midway = 0;
  let done = false;
  while (!done) {
    other.transaction(() => {
      done = (recorded.get() as { n: number }).n === 1;
      if (!done) midway += 1;
      write.run(String(midway));
    }).immediate();
    await new Promise((resolve) => setTimeout(resolve, 5)); // an agent writes now and then, not in a tight loop
  }
  other.close();
  expect(await exited).toBe(0);
  expect(midway).toBeGreaterThan(0);
});
