import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

/**
 * A damaged row is skipped from a listing, but it must not make the page short: a short page
 * reads as "nothing more follows" (the CLI stops offering the next page), and every row after it
 * would stay hidden. Pages are kept full by reading on past the rows that could not be read.
 */
function withFile<T>(brain: Brain, work: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path.join(brain.dir, 'system.db'));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Lessons 1..count, those in `damaged` with source_event_ids that are not JSON. */
function seedLessons(brain: Brain, count: number, damaged: readonly number[]): void {
  withFile(brain, (db) => {
    const insert = db.prepare("INSERT INTO lessons (id, category, description, state, source_event_ids) VALUES (?, 'TONE', ?, ?, ?)");
    db.transaction(() => {
      for (let id = 1; id <= count; id++) insert.run(id, `lesson ${id}`, id % 2 === 0 ? 'RULE' : 'INSTINCT', damaged.includes(id) ? '["unterminated' : '[]');
    })();
  });
}

/** CORRECTION events 1..count (session 1), those in `damaged` with data that is not JSON. */
function seedCorrections(brain: Brain, count: number, damaged: readonly number[]): void {
  withFile(brain, (db) => {
    const insert = db.prepare("INSERT INTO events (id, ts, session, type, source, data_json, tags_json) VALUES (?, '2026-01-01T00:00:00Z', 1, 'CORRECTION', 'test', ?, '[]')");
    db.transaction(() => {
      for (let id = 1; id <= count; id++) insert.run(id, damaged.includes(id) ? '{"draft":' : JSON.stringify({ draft: `draft ${id}` }));
    })();
  });
}

/** Walks every page the way a caller does: on while a page comes back full, from its last id. */
function walk<T extends { id: number }>(limit: number, page: (cursor: number | undefined) => T[]): number[][] {
  const pages: number[][] = [];
  let cursor: number | undefined;
  for (;;) {
    const rows = page(cursor);
    pages.push(rows.map((row) => row.id));
    if (rows.length < limit) return pages;
    cursor = (rows[rows.length - 1] as T).id;
  }
}

describe('listings keep their pages full around unreadable rows', () => {
  let brain: Brain;
  beforeEach(() => {
    brain = openTestBrain();
  });
  afterEach(() => brain.close());

  test('lessons: damaged rows in the middle neither shorten a page nor hide the rows after them', () => {
    seedLessons(brain, 12, [3, 4, 5, 6, 7]);
    expect(walk(3, (afterId) => brain.lessons({ limit: 3, afterId }))).toEqual([[1, 2, 8], [9, 10, 11], [12]]);
  });

  test('lessons of one state: the same, through the state index', () => {
    seedLessons(brain, 12, [4, 6, 8]);
    expect(walk(2, (afterId) => brain.lessons({ state: 'RULE', limit: 2, afterId }))).toEqual([[2, 10], [12]]);
  });

  test('lessons: a whole page of damaged rows is read past, not returned empty', () => {
    seedLessons(brain, 6, [1, 2, 3, 4]);
    expect(brain.lessons({ limit: 2 }).map((l) => l.id)).toEqual([5, 6]);
  });

  test('corrections (newest first): damaged rows in the middle neither shorten a page nor hide older rows', () => {
    seedCorrections(brain, 10, [8, 7, 6, 5]);
    expect(walk(2, (beforeId) => brain.corrections({ limit: 2, beforeId }))).toEqual([[10, 9], [4, 3], [2, 1], []]);
  });

  test('corrections of one session: the same', () => {
    seedCorrections(brain, 6, [5, 4]);
    expect(brain.corrections({ session: 1, limit: 3 }).map((c) => c.id)).toEqual([6, 3, 2]);
  });

  test('when only damaged rows are left the page is short, and that is the end', () => {
    seedLessons(brain, 5, [4, 5]);
    expect(brain.lessons({ limit: 3, afterId: 1 }).map((l) => l.id)).toEqual([2, 3]);
  });
});
