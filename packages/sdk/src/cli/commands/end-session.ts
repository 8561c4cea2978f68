import type { Command } from 'commander';
import type { EndSessionResult, Graduation } from '@gradata/core';
import { brainDir, openLocalBrain, withBrain } from '../context';
import { fixed2, printJson, println, table } from '../output';

/** Graduations as aligned columns. */
export function graduationTable(graduated: readonly Graduation[], indent = ''): string[] {
  return table(
    graduated,
    [
      { header: 'ID', value: (g) => g.lesson.id, align: 'right' },
      { header: 'CHANGE', value: (g) => `${g.from} → ${g.to}` },
      { header: 'CATEGORY', value: (g) => g.lesson.category },
      { header: 'CONF', value: (g) => fixed2(g.lesson.confidence), align: 'right' },
      { header: 'FIRES', value: (g) => g.lesson.fireCount, align: 'right' },
      { header: 'DESCRIPTION', value: (g) => g.lesson.description, max: 60 },
    ],
    indent,
  );
}

/** The legacy sync result in words. */
export function describeLegacySync(result: EndSessionResult['legacySync']): string {
  if (!result.ran) return `skipped (${result.reason ?? 'not needed'})`;
  return result.reason === null ? `pushed ${result.pushed} event(s)` : `pushed ${result.pushed} event(s), then stopped: ${result.reason}`;
}

/** `gradata end-session`: graduate lessons and start the next session. */
export function registerEndSession(program: Command): void {
  program
    .command('end-session')
    .description('end the current session: graduate lessons, start the next session, run the legacy sync when write-through is off')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await withBrain(openLocalBrain(brainDir(command)), (brain) => brain.endSession());
      if (options.json) return printJson(result);
      println(`Session ${result.session} ended; session ${result.session + 1} begins.`);
      if (result.graduated.length === 0) println('No lessons graduated.');
      else println(`${result.graduated.length} lesson(s) graduated:`, ...graduationTable(result.graduated, '  '));
      println(`Legacy sync: ${describeLegacySync(result.legacySync)}`);
    });
}
