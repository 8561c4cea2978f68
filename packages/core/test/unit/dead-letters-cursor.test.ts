/**
 * `deadLetters({ afterId })` checks its cursor the way every listing does: a row id, a whole number
 * ≥ 0. A bad cursor is the caller's mistake, named at once, never a silently empty or wrong page.
 */
import { GradataValidationError } from '@gradata/core';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

let brain: Brain;
beforeEach(() => {
  brain = openTestBrain();
});
afterEach(async () => {
  await brain.close();
});

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

test.each<[string, unknown]>([
  ['-1', -1],
  ['1.5', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a string', '3'],
  ['a bigint', 3n],
  ['beyond the safe integers', 2 ** 53],
])('afterId %s → GradataValidationError BAD_OPTION naming afterId', (_name, afterId) => {
  const error = thrownBy(() => brain.deadLetters({ afterId: afterId as number }));
  expect(error).toBeInstanceOf(GradataValidationError);
  expect(error).toMatchObject({ code: 'BAD_OPTION', message: expect.stringContaining('afterId') });
});

test('afterId 0, a row id, or none at all is a cursor', () => {
  expect(brain.deadLetters({ afterId: 0 })).toEqual([]);
  expect(brain.deadLetters({ afterId: 12 })).toEqual([]);
  expect(brain.deadLetters()).toEqual([]);
});
