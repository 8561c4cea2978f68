import type { Command } from 'commander';
import type { CorrectionResult } from '@gradata/core';
import { brainDatabasePath, openBrainDatabase } from '@gradata/core';
import { brainDir, openSyncBrain } from '../context';
import { CliError } from '../exit-codes';
import { fixed2, keyValues, printJson, println, truncate } from '../output';
import { nonNegativeInt } from '../parse';
import { readTextArg } from '../text-arg';

/** Whether this correction's outbox row reached the ingest endpoint before the command exited. */
interface Delivery {
  delivered: boolean;
  /** Rows of this brain still pending after the drain. */
  pending: number;
  /** Set when the receiver refused the row permanently (it is dead-lettered, not pending). */
  rejected?: { status: number | null; error: string };
}

/** The row's fate as stored (authoritative: a row dead-lettered is neither delivered nor pending). */
function outboxOutcome(dir: string, eventId: string): { synced: boolean; dead: boolean; status: number | null; error: string | null } | null {
  const db = openBrainDatabase(brainDatabasePath(dir));
  try {
    const row = db.prepare('SELECT synced_at, dead_at, last_status, last_error FROM sync_queue WHERE event_id = ?').get(eventId) as
      | { synced_at: number | null; dead_at: number | null; last_status: number | null; last_error: string | null }
      | undefined;
    if (!row) return null;
    return { synced: row.synced_at !== null && row.dead_at === null, dead: row.dead_at !== null, status: row.last_status, error: row.last_error };
  } finally {
    db.close();
  }
}

/** "http 422: {…}" from the stored "http 422 (permanent): {…}". */
function rejectionText(rejected: { status: number | null; error: string }): string {
  return `rejected permanently (${rejected.error.replace(' (permanent)', '')})`;
}

interface CorrectFlags {
  draft: string;
  final: string;
  category?: string;
  session?: string;
  context?: string;
  dryRun?: boolean;
  timeoutMs: number;
  json?: boolean;
}

/** `gradata correct`: record one correction, then deliver it before exiting (write-through). */
export function registerCorrect(program: Command): void {
  program
    .command('correct')
    .description('record a correction (what the agent wrote → what the person kept) and deliver it; exits 1 if the receiver rejects it permanently')
    .requiredOption('--draft <text>', "the agent's draft; @FILE reads a file, @- reads stdin")
    .requiredOption('--final <text>', 'the corrected text; @FILE reads a file, @- reads stdin')
    .option('--category <name>', 'lesson category (default: the first classification, e.g. TONE)')
    // Validated by the Brain, not commander, so a bad session is the SDK's BAD_SESSION (exit 1).
    .option('--session <n>', 'session number (default: the brain’s current session)')
    .option('--context <text>', 'free-form context stored with the correction (redacted, never sent)')
    .option('--dry-run', 'analyse and print, but write nothing')
    .option('--timeout-ms <ms>', 'how long to wait for delivery before exiting (rows stay queued on disk)', nonNegativeInt, 5000)
    .option('--json', 'print the result as JSON')
    .action(async (flags: CorrectFlags, command: Command) => {
      const draft = readTextArg(flags.draft, '--draft');
      const final = readTextArg(flags.final, '--final');
      const context = flags.context === undefined ? undefined : readTextArg(flags.context, '--context');
      const session = flags.session === undefined ? undefined : Number(flags.session);
      const dir = brainDir(command);
      const brain = openSyncBrain(dir, { mustExist: false });
      const deliveredIds = new Set<string>();
      brain.on('synced', ({ eventIds }) => eventIds.forEach((id) => deliveredIds.add(id)));
      let result: CorrectionResult;
      let report: { delivered: number; remaining: number };
      try {
        result = await brain.correct(draft, final, { category: flags.category, session, context, dryRun: flags.dryRun });
      } finally {
        // Drain so the write-through row is delivered before the process exits; it stays on disk otherwise.
        report = await brain.close({ drain: true, timeoutMs: flags.timeoutMs });
      }
      const outcome = result.queued && !flags.dryRun ? outboxOutcome(dir, result.eventId) : null;
      const delivery: Delivery = {
        delivered: result.queued && (deliveredIds.has(result.eventId) || (outcome?.synced ?? false)),
        pending: report.remaining,
      };
      if (outcome?.dead) delivery.rejected = { status: outcome.status, error: outcome.error ?? `http ${outcome.status ?? '?'}` };
      if (flags.json) printJson({ ...result, dryRun: Boolean(flags.dryRun), delivery });
      else println(...describeResult(result, Boolean(flags.dryRun), delivery));
      if (delivery.rejected) throw new CliError('REJECTED', `correction ${result.eventId} was ${rejectionText(delivery.rejected)}; see \`gradata dead list\``);
    });
}

function describeResult(result: CorrectionResult, dryRun: boolean, delivery: Delivery): string[] {
  const heading = dryRun ? 'Dry run: nothing was written' : `Recorded correction ${result.eventId} (session ${result.session})`;
  const classifications = result.classifications.map((c) => `${c.kind} ${fixed2(c.confidence)}`).join(', ');
  const lesson = result.lesson
    ? `#${result.lesson.id} ${result.lesson.change} — ${result.lesson.state}, confidence ${fixed2(result.lesson.confidence)}, fired ${result.lesson.fireCount}×: ${truncate(result.lesson.description, 70)}`
    : '-';
  const queued = dryRun
    ? '-'
    : !result.queued
      ? 'no (write-through is off; `gradata status` says why)'
      : delivery.rejected
        ? `yes — ${rejectionText(delivery.rejected)}`
        : delivery.delivered
        ? 'yes — delivered'
        : `yes — not delivered yet (${delivery.pending} row(s) pending; \`gradata sync\` retries)`;
  return [
    heading,
    ...keyValues(
      [
        ['severity', `${result.severity} (compression distance ${fixed2(result.compressionDistance)}, edit distance ${fixed2(result.editDistance)})`],
        ['category', result.category],
        ['classifications', classifications || '-'],
        ['summary', result.summary],
        ['lines', `+${result.linesAdded} -${result.linesRemoved}`],
        ['lesson', lesson],
        ['queued', queued],
      ],
      '  ',
    ),
  ];
}
