import { openSqlite } from '../../src/storage/driver';
import path from 'node:path';
import { GradataValidationError } from '@gradata/core';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

// SPEC §5.1: every bad option is a GradataValidationError with a stable code and a message that
// shows the value as the caller wrote it; nothing is written.
const cases: Array<[string, unknown, string, RegExp]> = [
  ['session BigInt', { session: 3n }, 'BAD_SESSION', /3n \(a BigInt\)/],
  ['session 1e300', { session: 1e300 }, 'BAD_SESSION', /1e\+300/],
  ['session 2**53 + 2', { session: 2 ** 53 + 2 }, 'BAD_SESSION', /9007199254740994/],
  ['session NaN', { session: Number.NaN }, 'BAD_SESSION', /got NaN/],
  ['session Infinity', { session: Number.POSITIVE_INFINITY }, 'BAD_SESSION', /got Infinity/],
  ['session -1', { session: -1 }, 'BAD_SESSION', /got -1/],
  ['category BigInt', { category: 5n }, 'BAD_OPTION', /5n \(a BigInt\)/],
  ['category number', { category: 5 }, 'BAD_OPTION', /category/],
  ['category too long', { category: 'x'.repeat(65) }, 'BAD_OPTION', /a string of 65 characters/],
  ['category with U+0000', { category: 'TO\u0000NE' }, 'BAD_OPTION', /must not contain U\+0000/],
  ['context number', { context: 42 }, 'BAD_OPTION', /context must be a string; got 42/],
  ['context object', { context: { a: 1 } }, 'BAD_OPTION', /context must be a string; got an object/],
  ['dryRun string', { dryRun: 'no' }, 'BAD_OPTION', /dryRun must be true or false; got "no"/],
  ['dryRun number', { dryRun: 0 }, 'BAD_OPTION', /dryRun/],
  ['options null', null, 'BAD_OPTION', /options must be an object; got null/],
  ['options string', 'TONE', 'BAD_OPTION', /options must be an object/],
  ['options array', [], 'BAD_OPTION', /options must be an object; got an array/],
  ['a getter that throws', { get category(): string { throw new Error('boom'); } }, 'BAD_OPTION', /reading options.category threw: boom/],
];

let brain: Brain;
beforeEach(() => {
  brain = openTestBrain({ apiKey: 'k' });
});
afterEach(async () => {
  await brain.close();
});

it.each(cases)('%s → GradataValidationError %s with a readable message, nothing written', async (_name, options, code, message) => {
  const error = await brain.correct('the draft', 'the final', options as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GradataValidationError);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toMatch(message);
  expectNothingWritten(brain.dir);
});

it('a getter is read once: a category that changes between reads cannot smuggle 10 KB past the check', async () => {
  let reads = 0;
  const options = {
    get category(): string {
      reads += 1;
      return reads === 1 ? 'TONE' : 'x'.repeat(10_000);
    },
  };
  const result = await brain.correct('Hello there, friend.', 'Hello there.', options);
  expect(reads).toBe(1);
  expect(result.category).toBe('TONE');
  expect(brain.corrections()[0].category).toBe('TONE');
});

it('dryRun: false stores; dryRun: true stores nothing', async () => {
  await expect(brain.correct('a draft text', 'a final text', { dryRun: true })).resolves.toMatchObject({ eventId: '' });
  expectNothingWritten(brain.dir);
  const stored = await brain.correct('a draft text', 'a final text', { dryRun: false });
  expect(stored.eventId).not.toBe('');
});

it('context counts toward TOO_LARGE', async () => {
  const error = await brain.correct('a', 'b', { context: 'c'.repeat(100_000) }).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'GradataValidationError', code: 'TOO_LARGE' });
});

it('the largest safe session is accepted', async () => {
  await expect(brain.correct('draft one', 'final one', { session: Number.MAX_SAFE_INTEGER })).resolves.toMatchObject({ session: Number.MAX_SAFE_INTEGER });
});

function expectNothingWritten(dir: string): void {
  const db = openSqlite(path.join(dir, 'system.db'), { readonly: true });
  for (const table of ['events', 'lessons', 'sync_queue']) {
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
  }
  db.close();
}

it('Brain options get the same treatment: a BigInt tickSec is BAD_OPTION, not a serialisation TypeError', () => {
  expect(() => openTestBrain({ tickSec: 5n as never })).toThrow(expect.objectContaining({ name: 'GradataValidationError', code: 'BAD_OPTION', message: expect.stringContaining('5n (a BigInt)') }));
});

it('methods called after close() → GradataClosedError, currentSession() included', async () => {
  const closed = openTestBrain();
  await closed.close();
  expect(() => closed.currentSession()).toThrow(expect.objectContaining({ name: 'GradataClosedError', code: 'CLOSED' }));
  expect(() => closed.corrections()).toThrow(expect.objectContaining({ name: 'GradataClosedError' }));
});
