import type { Database } from '../storage/database';
import type { Logger } from 'pino';
import type { CorrectionAnalysis } from '../analysis';
import { insertEvent } from '../events/events';
import { recordLesson } from '../lessons';
import type { LessonChange } from '../lessons';
import { enqueueCorrection } from '../queue';
import { readSession } from '../storage';
import type { BrainIdentity } from '../storage';

export interface CorrectionRecord {
  identity: BrainIdentity;
  /** The caller's session; when absent the stored current session is read inside the transaction. */
  session: number | undefined;
  category: string;
  description: string;
  /** Redacted texts: nothing unredacted reaches the database. */
  draft: string;
  final: string;
  context: string | undefined;
  analysis: CorrectionAnalysis;
  writeThrough: boolean;
}

export interface RecordOutcome {
  /** The session the correction was stored under. */
  session: number;
  eventId: string;
  lesson: LessonChange | null;
  queued: boolean;
}

/**
 * SPEC §5.4: the CORRECTION event, its lesson change and (write-through) the outbox row commit
 * together. The outbox insert runs in a nested transaction, which better-sqlite3 turns into a
 * SAVEPOINT: if it fails, only it is rolled back and the correction still commits.
 */
export function createRecorder(db: Database, logger: Logger): (record: CorrectionRecord) => RecordOutcome {
  let outboxFailureLogged = false;
  const enqueueInSavepoint = db.transaction((brainId: string, payload: Parameters<typeof enqueueCorrection>[2], eventId: string) =>
    enqueueCorrection(db, brainId, payload, eventId),
  );

  const recordInTransaction = db.transaction((record: CorrectionRecord): RecordOutcome => {
    const { identity, category, analysis } = record;
    // Read inside the transaction (no separate read transaction, and atomic with the write).
    const session = record.session ?? readSession(db);
    const eventId = insertEvent(db, {
      type: 'CORRECTION',
      session,
      brainId: identity.brainId,
      deviceId: identity.deviceId,
      tags: [category, analysis.severity],
      data: {
        draft: record.draft,
        final: record.final,
        category,
        severity: analysis.severity,
        description: record.description,
        editDistance: analysis.editDistance,
        compressionDistance: analysis.compressionDistance,
        classifications: analysis.classifications,
        summary: analysis.summary,
        linesAdded: analysis.linesAdded,
        linesRemoved: analysis.linesRemoved,
        ...(record.context === undefined ? {} : { context: record.context }),
      },
    });

    let lesson: LessonChange | null = null;
    if (analysis.severity !== 'as-is') {
      lesson = recordLesson(db, { category, description: record.description, session, eventId });
      insertEvent(db, {
        type: 'LESSON_CHANGE',
        session,
        brainId: identity.brainId,
        deviceId: identity.deviceId,
        tags: [category, lesson.change],
        data: { lessonId: lesson.lesson.id, change: lesson.change, state: lesson.lesson.state, confidence: lesson.lesson.confidence, fireCount: lesson.lesson.fireCount, sourceEventId: eventId },
      });
    }

    let queued = false;
    if (record.writeThrough) {
      try {
        const payload = { session, category, severity: analysis.severity, description: record.description, draft: record.draft, final: record.final };
        enqueueInSavepoint(identity.brainId, payload, eventId);
        queued = true;
      } catch (err) {
        // SQLite rolled the whole correction back (SQLITE_FULL can): report that, not the COMMIT's "no transaction".
        if (!db.inTransaction) throw err;
        if (!outboxFailureLogged) {
          outboxFailureLogged = true;
          logger.error({ err, eventId }, 'write-through outbox insert failed; the correction is stored locally (run backfill to queue it later)');
        }
      }
    }
    return { session, eventId, lesson, queued };
  });
  // IMMEDIATE: the write lock is taken (waiting on busy_timeout) before the session is read, so a
  // write by another connection between that read and the first insert cannot fail the commit.
  return (record) => recordInTransaction.immediate(record);
}
