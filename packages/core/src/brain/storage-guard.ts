import type { Logger } from 'pino';
import { GradataStorageError } from '../errors';
import { toStorageError } from '../storage';

/**
 * Every call a Brain makes on its database goes through here, so a storage fault reaches the
 * caller as a `GradataStorageError` naming the file — never a raw SqliteError or SyntaxError.
 * Once SQLite has reported the file corrupt, writes are refused rather than poured into it.
 */
export class StorageGuard {
  private corruptCause: GradataStorageError | null = null;
  private readonly unreadableLogged = new Set<string>();

  constructor(
    /** The database file, named in every message. */
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Runs a database call; any failure becomes a GradataStorageError (`CORRUPT`, `DISK_FULL`, …) naming the file. */
  run<T>(action: string, task: () => T): T {
    try {
      return task();
    } catch (err) {
      throw this.fault(err, action);
    }
  }

  /** Maps a failure the way `run` does (for callers that must catch themselves). */
  fault(err: unknown, action: string): GradataStorageError {
    const error = err instanceof GradataStorageError ? err : toStorageError(err, `${action} (${this.file})`);
    if (error.code === 'CORRUPT' && this.corruptCause === null) {
      this.corruptCause = error;
      this.logger.error({ err: error, file: this.file }, 'SQLite reports the brain database corrupt; new corrections are refused until it is repaired or moved away');
    }
    return error;
  }

  /** Throws `CORRUPT` when SQLite has already reported this file corrupt (nothing more is written to it). */
  assertWritable(action: string): void {
    if (this.corruptCause === null) return;
    throw new GradataStorageError(
      'CORRUPT',
      `${action}: the brain database ${this.file} is corrupt (SQLite reported: ${this.corruptCause.message}); ` +
        'copy it aside and repair it (sqlite3 .recover), or move it away to start a new brain',
      { cause: this.corruptCause },
    );
  }

  /**
   * Rows a listing skipped because their stored JSON could not be read: logged once per listing
   * kind (with the count of that call), so one damaged row never hides the others.
   */
  noteUnreadable(kind: string, skipped: number, firstRowId: number | null): void {
    if (skipped === 0 || this.unreadableLogged.has(kind)) return;
    this.unreadableLogged.add(kind);
    this.logger.warn({ file: this.file, kind, skipped, firstRowId }, `skipped ${skipped} unreadable ${kind} row(s) in ${this.file}; the rest are listed (this is logged once)`);
  }
}
