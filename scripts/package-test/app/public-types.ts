// Compiled by the user's tsc (--strict, --module nodenext, no skipLibCheck): every public type
// must resolve, and wrong uses must be rejected. Copied to .ts (CommonJS) and .mts (ESM).
import { Brain, openBrainDatabase, SyncWorker } from '@gradata/sdk';
import type { CorrectionResult, SyncStatus, SyncEvents, Database, Lesson } from '@gradata/sdk';

async function main(): Promise<void> {
  const brain = new Brain('./brain', { apiKey: 'k', tickSec: 5, exitHooks: false });
  const result: CorrectionResult = await brain.correct('draft', 'final', { category: 'TONE' });
  const severity: string = result.severity;
  const lesson: Lesson | null = result.lesson;
  const status: SyncStatus = brain.syncStatus();
  const pending: number = status.pending;
  const paused: number | null = status.pausedUntil;
  brain.on('dead', (row) => {
    const payload: SyncEvents['dead'] = row;
    const id: number = row.id;
    const httpStatus: number | null = row.status;
    const error: string = row.error;
    void [payload, id, httpStatus, error];
  });
  brain.on('synced', ({ count, eventIds }) => void [count satisfies number, eventIds satisfies string[]]);
  const flushed = await brain.flush({ timeoutMs: 1000 });
  void [severity, lesson, pending, paused, flushed.delivered satisfies number];

  const db: Database = openBrainDatabase('./brain/system.db');
  const rows: unknown[] = db.prepare('SELECT 1').all();
  // @ts-expect-error the better-sqlite3 Database type is real: unknown methods are rejected
  db.totally.not.a.method();
  // @ts-expect-error dead payload ids are numbers
  brain.on('dead', (row) => row.id.toUpperCase());
  // @ts-expect-error correct() needs the final text
  await brain.correct('draft');
  void [rows, SyncWorker];
  await brain.close({ drain: true, timeoutMs: 1000 });
}

void main();
