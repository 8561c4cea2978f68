import { GradataStorageError } from '../errors';

/** Map a SQLite failure (either driver: node:sqlite errors carry better-sqlite3 codes, see driver/) or a filesystem one to a GradataStorageError with a stable code. */
export function toStorageError(err: unknown, action: string): GradataStorageError {
  if (err instanceof GradataStorageError) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  const storageCode =
    code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') ? 'CORRUPT'
    : code === 'SQLITE_FULL' || code === 'ENOSPC' ? 'DISK_FULL'
    : code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM' ? 'UNWRITABLE'
    : code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'BUSY'
    : 'IO';
  return new GradataStorageError(storageCode, `${action}: ${message}`, { cause: err });
}
