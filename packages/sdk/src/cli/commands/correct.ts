import type { Command } from 'commander';
import type { CorrectionResult } from '@gradata/core';
import { brainDir, openSyncBrain } from '../context';
import { fixed2, keyValues, printJson, println, truncate } from '../output';
import { nonNegativeInt } from '../parse';
import { readTextArg } from '../text-arg';

/** Whether this correction's outbox row reached the ingest endpoint before the command exited. */
interface Delivery {
  delivered: boolean;
  /** Rows of this brain still pending after the drain. */
  pending: number;
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
    .description('record a correction (what the agent wrote → what the person kept) and deliver it')
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
      const brain = openSyncBrain(brainDir(command), { mustExist: false });
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
      const delivery: Delivery = {
        delivered: result.queued && (deliveredIds.has(result.eventId) || report.remaining === 0),
        pending: report.remaining,
      };
      if (flags.json) return printJson({ ...result, dryRun: Boolean(flags.dryRun), delivery });
      println(...describeResult(result, Boolean(flags.dryRun), delivery));
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
