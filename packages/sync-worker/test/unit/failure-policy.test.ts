import { FailureStreak, MAX_FAILURES, isTransientStorageFailure } from '../../src/worker/failure-policy';

const sqlite = (code: string): Error => Object.assign(new Error(code), { code });

test('busy, locked, I/O and full-disk failures are transient; a bug or a corrupt file is not', () => {
  for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_IOERR_WRITE', 'SQLITE_FULL', 'ENOSPC', 'EIO']) {
    expect(isTransientStorageFailure(sqlite(code))).toBe(true);
  }
  for (const error of [sqlite('SQLITE_CORRUPT'), sqlite('SQLITE_NOTADB'), new TypeError('x is undefined'), null, 'SQLITE_BUSY']) {
    expect(isTransientStorageFailure(error)).toBe(false);
  }
});

test('transient failures never give up; others give up at the fifth in a row; backoff doubles up to the cap', () => {
  const streak = new FailureStreak();
  for (let i = 0; i < 50; i++) expect(streak.failed(sqlite('SQLITE_FULL'))).toBe(false);
  expect(streak.backoffMs(30_000)).toBe(30_000);
  streak.succeeded();
  expect(streak.consecutive).toBe(0);
  for (let i = 1; i < MAX_FAILURES; i++) expect(streak.failed(new Error('bug'))).toBe(false);
  expect(streak.failed(sqlite('SQLITE_BUSY'))).toBe(false);
  expect(streak.failed(new Error('bug'))).toBe(true);
  streak.succeeded();
  streak.failed(new Error('bug'));
  expect(streak.backoffMs(30_000)).toBe(1_000);
});
