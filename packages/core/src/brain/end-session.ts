import type { Database } from '../storage/database';
import type { ResolvedConfig } from '../config';
import { isSecureIngestUrl } from '../config';
import { insertEvent } from '../events/events';
import { graduateLessons } from '../lessons';
import type { Graduation } from '../lessons';
import { runLegacySync } from '../legacy';
import type { LegacySyncResult } from '../legacy';
import { MetaKey, setMeta } from '../storage';
import type { BrainIdentity } from '../storage';
import { USER_AGENT } from '../version';

export interface EndSessionResult {
  /** The session that just ended. */
  session: number;
  graduated: Graduation[];
  legacySync: LegacySyncResult;
}

/** Graduate lessons, write LESSON_CHANGE and SESSION_END events and start the next session, in one transaction. */
export function closeSession(db: Database, identity: BrainIdentity, session: number): Graduation[] {
  return db.transaction(() => {
    const graduated = graduateLessons(db, session);
    for (const { lesson, from, to } of graduated) {
      insertEvent(db, {
        type: 'LESSON_CHANGE',
        session,
        brainId: identity.brainId,
        deviceId: identity.deviceId,
        tags: [lesson.category, 'graduated'],
        data: { lessonId: lesson.id, change: 'graduated', from, to, confidence: lesson.confidence, fireCount: lesson.fireCount },
      });
    }
    const corrections = db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'CORRECTION' AND session = ?").get(session) as { n: number };
    insertEvent(db, {
      type: 'SESSION_END',
      session,
      brainId: identity.brainId,
      deviceId: identity.deviceId,
      data: { corrections: corrections.n, graduated: graduated.length },
    });
    setMeta(db, MetaKey.session, String(session + 1));
    return graduated;
  }).immediate();
}

/**
 * The cloud step: exactly one of write-through and the legacy bulk sync runs for a brain.
 * Write-through wanted → skipped; disabled with a key → the legacy push; no key → skipped.
 */
export async function cloudStep(db: Database, config: Readonly<ResolvedConfig>, brainId: string): Promise<LegacySyncResult> {
  if (config.apiKey === null) return { ran: false, reason: 'no-api-key', pushed: 0 };
  if (config.writeThrough) return { ran: false, reason: 'write-through', pushed: 0 };
  if (!isSecureIngestUrl(config.apiBase)) return { ran: false, reason: 'insecure-api-base', pushed: 0 };
  try {
    return await runLegacySync(db, { apiBase: config.apiBase, apiKey: config.apiKey, brainId, logger: config.logger, userAgent: USER_AGENT });
  } catch (err) {
    // The legacy path must never make endSession throw (SPEC §10).
    config.logger.error({ err }, 'legacy sync failed');
    return { ran: true, reason: `error: ${err instanceof Error ? err.message : String(err)}`, pushed: 0 };
  }
}
