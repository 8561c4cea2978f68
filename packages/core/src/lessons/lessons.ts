import type { Database } from 'better-sqlite3';
import { prepared } from '../storage/prepared';
import { readFullPage } from '../storage/readable';
import { jaccard, reinforceThreshold, wordSet } from './similarity';

export type LessonState = 'INSTINCT' | 'PATTERN' | 'RULE' | 'KILLED';
export const LESSON_STATES: readonly LessonState[] = ['INSTINCT', 'PATTERN', 'RULE', 'KILLED'];

export interface Lesson {
  id: number;
  category: string;
  description: string;
  state: LessonState;
  confidence: number;
  fireCount: number;
  firstSession: number | null;
  lastSession: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  sourceEventIds: string[];
}

interface LessonRow {
  id: number;
  category: string;
  description: string;
  state: LessonState;
  confidence: number;
  fire_count: number;
  first_session: number | null;
  last_session: number | null;
  created_at: string | null;
  updated_at: string | null;
  source_event_ids: string | null;
}

const LESSON_COLUMNS =
  'id, category, description, state, confidence, fire_count, first_session, last_session, created_at, updated_at, source_event_ids';

function toLesson(row: LessonRow): Lesson {
  return {
    id: row.id,
    category: row.category,
    description: row.description,
    state: row.state,
    confidence: row.confidence,
    fireCount: row.fire_count,
    firstSession: row.first_session,
    lastSession: row.last_session,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sourceEventIds: row.source_event_ids ? (JSON.parse(row.source_event_ids) as string[]) : [],
  };
}

export const NEW_LESSON_CONFIDENCE = 0.6;
export const REINFORCE_STEP = 0.1;
/** Source event ids kept per lesson: enough to trace it, bounded so a hot lesson stays small. */
const MAX_SOURCE_EVENTS = 50;
/** Candidates compared per correction: the most recently active lessons of the category. */
const MAX_CANDIDATES = 200;

export interface LessonChange {
  lesson: Lesson;
  change: 'created' | 'reinforced';
  similarity: number | null;
}

/** A lesson's word set, remembered with the description it came from (ids may be reused by tables without AUTOINCREMENT). */
interface CachedWords {
  description: string;
  words: Set<string>;
}

/** Word sets per connection and lesson id: descriptions never change, so a correction never re-tokenises its candidates. */
const wordSetCache = new WeakMap<Database, Map<number, CachedWords>>();
/** Past this many cached lessons the cache starts over, so a brain with a huge history stays bounded in memory. */
const MAX_CACHED_WORD_SETS = 20 * MAX_CANDIDATES;

function lessonWords(cache: Map<number, CachedWords>, id: number, description: string): Set<string> {
  const cached = cache.get(id);
  if (cached !== undefined && cached.description === description) return cached.words;
  if (cache.size >= MAX_CACHED_WORD_SETS) cache.clear();
  const words = wordSet(description);
  cache.set(id, { description, words });
  return words;
}

function connectionCache(db: Database): Map<number, CachedWords> {
  let cache = wordSetCache.get(db);
  if (cache === undefined) {
    cache = new Map();
    wordSetCache.set(db, cache);
  }
  return cache;
}

/**
 * Reinforce the most similar live lesson of the category, or create an INSTINCT lesson
 * (SPEC §10). Runs inside the caller's transaction.
 */
export function recordLesson(
  db: Database,
  input: { category: string; description: string; session: number; eventId: string },
): LessonChange {
  const words = wordSet(input.description);
  const cache = connectionCache(db);
  // Only id and description per candidate: the full row (with its source ids) is read for the winner alone.
  const candidates = prepared(
    db,
    `SELECT id, description FROM lessons WHERE category = ? AND state != 'KILLED' ORDER BY updated_at DESC, id DESC LIMIT ?`,
  ).all(input.category, MAX_CANDIDATES) as Array<{ id: number; description: string }>;
  let bestId = -1;
  let bestScore = -1;
  for (const row of candidates) {
    const score = jaccard(words, lessonWords(cache, row.id, row.description));
    if (score > bestScore) {
      bestId = row.id;
      bestScore = score;
    }
  }
  const now = new Date().toISOString();
  if (bestId !== -1 && bestScore >= reinforceThreshold(input.category)) {
    const best = prepared(db, `SELECT ${LESSON_COLUMNS} FROM lessons WHERE id = ?`).get(bestId) as LessonRow;
    const lesson = toLesson(best);
    const sourceEventIds = [...lesson.sourceEventIds, input.eventId].slice(-MAX_SOURCE_EVENTS);
    const confidence = Math.min(1, Math.round((best.confidence + REINFORCE_STEP) * 100) / 100);
    prepared(
      db,
      `UPDATE lessons SET fire_count = ?, confidence = ?, last_session = ?, updated_at = ?, source_event_ids = ? WHERE id = ?`,
    ).run(best.fire_count + 1, confidence, input.session, now, JSON.stringify(sourceEventIds), best.id);
    return {
      lesson: { ...lesson, confidence, fireCount: best.fire_count + 1, lastSession: input.session, updatedAt: now, sourceEventIds },
      change: 'reinforced',
      similarity: bestScore,
    };
  }
  const result = prepared(
    db,
    `INSERT INTO lessons (category, description, state, confidence, fire_count, first_session, last_session, created_at, updated_at, source_event_ids)
     VALUES (?, ?, 'INSTINCT', ?, 1, ?, ?, ?, ?, ?)`,
  ).run(input.category, input.description, NEW_LESSON_CONFIDENCE, input.session, input.session, now, now, JSON.stringify([input.eventId]));
  const id = Number(result.lastInsertRowid);
  if (cache.size < MAX_CACHED_WORD_SETS) cache.set(id, { description: input.description, words });
  const lesson: Lesson = {
    id,
    category: input.category,
    description: input.description,
    state: 'INSTINCT',
    confidence: NEW_LESSON_CONFIDENCE,
    fireCount: 1,
    firstSession: input.session,
    lastSession: input.session,
    createdAt: now,
    updatedAt: now,
    sourceEventIds: [input.eventId],
  };
  return { lesson, change: 'created', similarity: bestId !== -1 ? bestScore : null };
}

export function getLesson(db: Database, id: number): Lesson | null {
  const row = prepared(db, `SELECT ${LESSON_COLUMNS} FROM lessons WHERE id = ?`).get(id) as LessonRow | undefined;
  return row ? toLesson(row) : null;
}

/** One page of lessons, oldest first: ids after `afterId`, at most `limit`. */
export interface LessonPage {
  state?: LessonState;
  limit: number;
  afterId?: number;
}

/**
 * Lessons by id, a page at a time (an index range, however many lessons the brain holds). A row
 * whose stored JSON cannot be read is skipped and reported to `onUnreadable`, so one damaged row
 * does not hide the others, and the page is filled from the rows after it (readFullPage).
 */
export function listLessons(db: Database, page: LessonPage, onUnreadable?: (skipped: number, firstRowId: number | null) => void): Lesson[] {
  const rowsAfter = (afterId: number, count: number): LessonRow[] =>
    (page.state === undefined
      ? prepared(db, `SELECT ${LESSON_COLUMNS} FROM lessons WHERE id > ? ORDER BY id LIMIT ?`).all(afterId, count)
      : prepared(db, `SELECT ${LESSON_COLUMNS} FROM lessons WHERE state = ? AND id > ? ORDER BY id LIMIT ?`).all(page.state, afterId, count)) as LessonRow[];
  const { items, skipped, firstSkippedId } = readFullPage(page.limit, (from, count) => rowsAfter(from ?? page.afterId ?? 0, count), toLesson);
  if (skipped > 0) onUnreadable?.(skipped, firstSkippedId);
  return items;
}

/** Graduation gates (SPEC §10). */
export const GRADUATION = Object.freeze({
  PATTERN: { from: 'INSTINCT' as const, minConfidence: 0.6, minFires: 2 },
  RULE: { from: 'PATTERN' as const, minConfidence: 0.9, minFires: 3 },
});

export interface Graduation {
  lesson: Lesson;
  from: LessonState;
  to: LessonState;
}

/** Promote every lesson that meets its gate, one step per session end. Runs inside the caller's transaction. */
export function graduateLessons(db: Database, session: number): Graduation[] {
  const graduated: Graduation[] = [];
  const now = new Date().toISOString();
  const promote = prepared(db, 'UPDATE lessons SET state = ?, updated_at = ? WHERE id = ? AND state = ?');
  // RULE first, so a lesson promoted to PATTERN in this pass does not also jump to RULE.
  for (const [to, gate] of [['RULE', GRADUATION.RULE], ['PATTERN', GRADUATION.PATTERN]] as const) {
    const rows = prepared(
      db,
      `SELECT ${LESSON_COLUMNS} FROM lessons WHERE state = ? AND confidence >= ? AND fire_count >= ? ORDER BY id`,
    ).all(gate.from, gate.minConfidence - 1e-9, gate.minFires) as LessonRow[];
    for (const row of rows) {
      promote.run(to, now, row.id, gate.from);
      graduated.push({ lesson: { ...toLesson(row), state: to, updatedAt: now, lastSession: row.last_session ?? session }, from: gate.from, to });
    }
  }
  return graduated;
}
