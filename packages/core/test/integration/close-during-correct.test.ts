import path from 'node:path';
import { GradataClosedError } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

// Decision (README "what is guaranteed"): a correct() call that started before close() finishes
// and stores — its analysis pool is not torn down under it, and its outbox row is part of the
// drain. Calls made after close() get GradataClosedError.

function largePair(): [string, string] {
  const lines = Array.from({ length: 600 }, (_, i) => `Line ${i}: the agent answered ticket #${7000 + i} with the usual template.`);
  return [lines.join('\n'), lines.map((line, i) => (i % 9 === 0 ? line.replace('usual', 'corrected') : line)).join('\n')];
}

it('a large correct() in flight when close() is called finishes and stores; a later call is GradataClosedError', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const brain = openTestBrain({ apiKey: 'k' }, dir);
  const [draft, final] = largePair();
  expect(draft.length + final.length).toBeGreaterThan(20_000); // analysed on the piscina pool
  const inFlight = brain.correct(draft, final);
  const closing = brain.close();
  await expect(brain.correct('after close', 'after close!')).rejects.toBeInstanceOf(GradataClosedError);
  const result = await inFlight;
  expect(result.eventId).not.toBe('');
  expect(result.queued).toBe(true);
  await expect(closing).resolves.toMatchObject({ remaining: 1 });

  const reopened = openTestBrain({ apiKey: 'k' }, dir);
  expect(reopened.corrections().map((c) => c.eventId)).toEqual([result.eventId]);
  expect(reopened.syncStatus().pending).toBe(1);
  await reopened.close();
});

it('a small correct() not awaited before close() is stored too', async () => {
  const dir = path.join(tmpDir(), 'brain');
  const brain = openTestBrain({}, dir);
  const pending = brain.correct('We will ship on Friday.', 'We will ship on Monday.');
  await brain.close();
  const { eventId } = await pending;
  const reopened = openTestBrain({}, dir);
  expect(reopened.corrections().map((c) => c.eventId)).toEqual([eventId]);
  await reopened.close();
});
