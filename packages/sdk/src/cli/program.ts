import { Command } from 'commander';
import { SDK_VERSION } from '@gradata/core';
import { registerBackfill } from './commands/backfill';
import { registerCorrect } from './commands/correct';
import { registerDead } from './commands/dead';
import { registerDemo } from './commands/demo';
import { registerDoctor } from './commands/doctor';
import { registerEndSession } from './commands/end-session';
import { registerInit } from './commands/init';
import { registerLessons } from './commands/lessons';
import { registerServe } from './commands/serve';
import { registerStatus } from './commands/status';
import { registerSync } from './commands/sync';

/**
 * The `gradata` command tree. Settings made here before `.command()` (exitOverride, help) are
 * inherited by every subcommand, so parse errors reach `run()` as CommanderErrors.
 */
export function createProgram(): Command {
  const program = new Command('gradata')
    .description('Gradata: record corrections to an AI agent’s output, learn lessons, write them through to the cloud.')
    .version(SDK_VERSION, '-V, --version', 'print the version')
    .option('--brain <dir>', 'brain folder (default: env GRADATA_BRAIN, else ./.gradata)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .exitOverride();
  program.addHelpText(
    'after',
    [
      '',
      'Environment: GRADATA_API_KEY, GRADATA_CLOUD_INGEST_URL, GRADATA_DISABLE_WRITE_THROUGH, GRADATA_SYNC_TICK_SEC,',
      '             GRADATA_CLOUD_API_BASE, GRADATA_LOG_LEVEL (logs go to stderr), GRADATA_BRAIN.',
      'Exit codes:  0 ok, 1 failure (printed as "error [CODE]: message"), 2 usage.',
      'Try:         gradata demo',
    ].join('\n'),
  );
  registerInit(program);
  registerCorrect(program);
  registerStatus(program);
  registerLessons(program);
  registerSync(program);
  registerDead(program);
  registerBackfill(program);
  registerEndSession(program);
  registerServe(program);
  registerDemo(program);
  registerDoctor(program);
  return program;
}
