import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { GradataValidationError, MAX_CORRECTION_CHARS } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

const cases: Array<[string, unknown, unknown, object | undefined, string]> = [
  ['both empty', '', '', undefined, 'EMPTY'],
  ['identical', 'same text', 'same text', undefined, 'IDENTICAL'],
  ['too large', 'a'.repeat(MAX_CORRECTION_CHARS), 'b', undefined, 'TOO_LARGE'],
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

function expectNothingWritten(dir: string): void {
  const db = new BetterSqlite3(path.join(dir, 'system.db'), { readonly: true });
  for (const table of ['events', 'lessons', 'sync_queue']) {
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
  }
  db.close();
}
