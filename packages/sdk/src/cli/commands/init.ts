import fs from 'node:fs';
import type { Command } from 'commander';
import { brainDatabasePath } from '@gradata/core';
import { brainDir, openLocalBrain, withBrain } from '../context';
import { keyValues, printJson, println } from '../output';

/** `gradata init`: create the brain folder and its system.db. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create the brain folder and its system.db (harmless when it exists)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const dir = brainDir(command);
      const database = brainDatabasePath(dir);
      const created = !fs.existsSync(database);
      await withBrain(openLocalBrain(dir, { mustExist: false }), (brain) => {
        if (options.json) return printJson({ path: brain.dir, database, brainId: brain.brainId, created });
        println(
          created ? `Created brain at ${brain.dir}` : `Brain already exists at ${brain.dir}`,
          ...keyValues([['brain id', brain.brainId], ['database', database]], '  '),
        );
      });
    });
}
