import fs from 'node:fs';
import type { Database } from '../storage/database';
import type { ResolvedConfig } from '../config';
import { GradataStorageError } from '../errors';
import { openBrainDatabase, toStorageError } from '../storage';

/**
 * Makes sure the brain folder exists and is writable, then opens `system.db` in it. The messages
 * name what is wrong with which path: a path that is a file, a folder without write access, a
 * database file truncated to nothing (a new identity would be created — said loudly).
 */
export function openBrainFolder(dir: string, file: string, config: Readonly<ResolvedConfig>): Database {
  const existing = statOrNull(dir);
  if (existing !== null && !existing.isDirectory()) {
    throw new GradataStorageError('NOT_A_DIRECTORY', `the brain path ${dir} exists and is not a folder; give a folder path (system.db goes inside it)`);
  }
  try {
    if (existing === null) fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw toStorageError(err, `cannot create the brain folder ${dir}`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw toStorageError(err, `the brain folder ${dir} is not writable`);
  }
  const dbStat = statOrNull(file);
  if (dbStat !== null && dbStat.isFile() && dbStat.size === 0) {
    config.logger.warn(
      { file },
      `the brain database ${file} is empty (0 bytes): a new brain with a new identity (brain_id) is created in it; ` +
        'if this brain had corrections, the file was truncated — restore it from a backup',
    );
  }
  return openBrainDatabase(file, { synchronous: config.synchronous });
}

function statOrNull(target: string): fs.Stats | null {
  try {
    return fs.statSync(target);
  } catch {
    return null;
  }
}
