import type { Database } from '../storage/database';
import { analyzeAuto } from '../analysis';
import type { AnalysisPool } from '../analysis';
import { redact } from '../redaction';
import { readSession } from '../storage';
import type { BrainIdentity } from '../storage';
import { describeCorrection } from './describe';
import type { CorrectionRecord, RecordOutcome } from './record';
import type { StorageGuard } from './storage-guard';
import type { CorrectionResult } from './types';
import type { ValidatedOptions } from './validate';

/** What the correct() pipeline uses of its Brain. */
export interface CorrectionContext {
  readonly db: Database;
  readonly storage: StorageGuard;
  readonly pool: AnalysisPool;
  readonly identity: BrainIdentity;
  readonly record: (record: CorrectionRecord) => RecordOutcome;
  readonly writeThrough: boolean;
  /** A row was queued: wake the syncer, if any. */
  readonly nudge: () => void;
}

/**
 * The rest of correct() (SPEC §5), on checked arguments: redact → analyse → describe → record →
 * nudge. A dry run stops after the analysis and stores nothing.
 */
export async function recordCorrection(ctx: CorrectionContext, draft: string, final: string, options: ValidatedOptions): Promise<CorrectionResult> {
  const { storage } = ctx;
  if (!options.dryRun) storage.assertWritable('cannot store the correction');
  // SPEC §5.2: redact first. From here on only redacted text exists for this correction: the
  // analysis and its descriptions, the lesson, the event, the outbox row and the result.
  const redactedDraft = redact(draft).text;
  const redactedFinal = redact(final).text;
  const redactedContext = options.context === undefined ? undefined : redact(options.context).text;
  const analysis = await analyzeAuto(redactedDraft, redactedFinal, ctx.pool);
  const category = options.category?.trim() || analysis.classifications[0]?.kind || 'CONTENT';
  if (options.dryRun) {
    return { ...analysis, session: options.session ?? storage.run('cannot read the current session', () => readSession(ctx.db)), category, eventId: '', lesson: null, queued: false };
  }
  const description = describeCorrection(redactedDraft, redactedFinal, analysis);

  storage.assertWritable('cannot store the correction');
  const outcome = storage.run('cannot store the correction', () =>
    ctx.record({
      identity: ctx.identity,
      session: options.session,
      category,
      description,
      draft: redactedDraft,
      final: redactedFinal,
      context: redactedContext,
      analysis,
      writeThrough: ctx.writeThrough,
    }),
  );
  if (outcome.queued) ctx.nudge();
  const lesson = outcome.lesson ? { ...outcome.lesson.lesson, change: outcome.lesson.change } : null;
  return { ...analysis, session: outcome.session, category, eventId: outcome.eventId, lesson, queued: outcome.queued };
}
