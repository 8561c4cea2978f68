import { enqueueCorrection, openBrainDatabase, peekPending } from '@gradata/core';
import { cutToCodePoints } from '../../src/queue/wire-cut';

const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

it.each([
  ['short text untouched', 'héllo', 10, 'héllo'],
  ['ASCII cut', 'abcdef', 3, 'abc'],
  ['a pair straddling the cut is kept whole', `ab😀cd`, 3, 'ab😀'],
  ['a pair just past the cut is dropped whole', `abc😀`, 3, 'abc'],
  ['a lone high surrogate counts as one code point', `a\ud83db`, 2, 'a\ud83d'],
  ['a lone low surrogate counts as one code point', `\ude00ab`, 2, '\ude00a'],
])('cutToCodePoints: %s', (_name, text, max, expected) => {
  expect(cutToCodePoints(text, max)).toBe(expected);
  expect(cutToCodePoints(text, max)).toBe([...text].slice(0, max).join(''));
});

it('the outbox payload never ends in half of a surrogate pair: the 8,000 cut is on code points', () => {
  const db = openBrainDatabase(':memory:');
  const draft = `${'a'.repeat(7_999)}😀tail`; // the emoji's high surrogate is UTF-16 unit 8,000
  const final = `${'b'.repeat(499)}😀${'c'.repeat(8_000)}`;
  enqueueCorrection(db, 'brain', { session: 1, category: 'TONE', severity: 'minor', description: `${'d'.repeat(499)}😀x`, draft, final }, 'E1');
  const [row] = peekPending(db);
  const correction = (row.payload as { correction: Record<string, string> }).correction;
  expect(correction.draft).toBe(`${'a'.repeat(7_999)}😀`);
  expect(isWellFormed(correction.draft)).toBe(true);
  expect([...correction.final]).toHaveLength(8_000);
  expect(isWellFormed(correction.final)).toBe(true);
  expect(correction.description).toBe(`${'d'.repeat(499)}😀`);
  db.close();
});
