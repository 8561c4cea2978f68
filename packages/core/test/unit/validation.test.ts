import { openSqlite } from '../../src/storage/driver';
import fs from 'node:fs';
import path from 'node:path';
import { GradataValidationError, MAX_CORRECTION_CHARS } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

const cases: Array<[string, unknown, unknown, object | undefined, string]> = [
  ['both empty', '', '', undefined, 'EMPTY'],
  ['identical', 'same text', 'same text', undefined, 'IDENTICAL'],
  ['too large', 'a'.repeat(MAX_CORRECTION_CHARS), 'b', undefined, 'TOO_LARGE'],
  ['too large with the context', 'a'.repeat(40_000), 'b'.repeat(40_000), { context: 'c'.repeat(20_001) }, 'TOO_LARGE'],
  ['session zero', 'a', 'b', { session: 0 }, 'BAD_SESSION'],
  ['session fractional', 'a', 'b', { session: 1.5 }, 'BAD_SESSION'],
  ['session string', 'a', 'b', { session: '3' }, 'BAD_SESSION'],
  ['empty category', 'a', 'b', { category: ' ' }, 'BAD_OPTION'],
];

it.each(cases)('%s → GradataValidationError %s, nothing written', async (_name, draft, final, options, code) => {
  const brain = openTestBrain({ apiKey: 'k' });
  const error = await brain.correct(draft as string, final as string, options as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GradataValidationError);
  expect(error).toMatchObject({ name: 'GradataValidationError', code });
  expectNothingWritten(brain.dir);
  await brain.close();
});

it.each([
  [42, 'final'],
  ['draft', null],
  [undefined, undefined],
])('non-string input (%p, %p) → TypeError, nothing written', async (draft, final) => {
  const brain = openTestBrain({ apiKey: 'k' });
  await expect(brain.correct(draft as never, final as never)).rejects.toBeInstanceOf(TypeError);
  expectNothingWritten(brain.dir);
  await brain.close();
});

it('one empty side is a valid correction (text added from nothing)', async () => {
  const brain = openTestBrain();
  const result = await brain.correct('', 'A whole new answer.');
  expect(result.eventId).not.toBe('');
  await brain.close();
});

it('counts the context in the limit: a context that takes the total over it is refused and never reaches the file', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  const marker = 'CONTEXT-MARKER-';
  const context = marker.repeat(Math.ceil(20_001 / marker.length)).slice(0, 20_001);
  const error = await brain.correct('a'.repeat(40_000), 'b'.repeat(40_000), { context }).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'GradataValidationError', code: 'TOO_LARGE' });
  expectNothingWritten(brain.dir);
  const files = ['system.db', 'system.db-wal'].map((f) => path.join(brain.dir, f)).filter((f) => fs.existsSync(f));
  for (const file of files) expect(fs.readFileSync(file).toString('latin1')).not.toContain(marker);
  // Exactly at the limit is accepted, context included.
  const atLimit = await brain.correct('a'.repeat(40_000), 'b'.repeat(40_000), { context: context.slice(0, 20_000) });
  expect(atLimit.eventId).not.toBe('');
  await brain.close();
});

function expectNothingWritten(dir: string): void {
  const db = openSqlite(path.join(dir, 'system.db'), { readonly: true });
  for (const table of ['events', 'lessons', 'sync_queue']) {
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
  }
  db.close();
}
