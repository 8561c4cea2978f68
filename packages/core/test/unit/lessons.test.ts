import { openTestBrain } from '../helpers/brain';

it('similar corrections of one category reinforce one lesson; other categories get their own', async () => {
  const brain = openTestBrain();
  const a = await brain.correct('I think we could maybe ship it on Monday.', 'We will ship it on Monday.', { category: 'TONE' });
  const b = await brain.correct('I think we could maybe send it on Friday.', 'We will send it on Friday.', { category: 'TONE' });
  expect(a.lesson).toMatchObject({ change: 'created', confidence: 0.6, fireCount: 1 });
  expect(b.lesson).toMatchObject({ change: 'reinforced', id: a.lesson!.id, confidence: 0.7, fireCount: 2 });
  const c = await brain.correct('The price is $40 per seat.', 'The price is $45 per seat.', { category: 'FACTUAL' });
  expect(c.lesson).toMatchObject({ change: 'created', category: 'FACTUAL' });
  expect(brain.lessons()).toHaveLength(2);
  expect(brain.lessons({ state: 'INSTINCT' })).toHaveLength(2);
  expect(brain.lessons({ state: 'RULE' })).toHaveLength(0);
  expect(brain.lessons()[0].sourceEventIds).toEqual([a.eventId, b.eventId]);
  await brain.close();
});

it('confidence never exceeds 1.0', async () => {
  const brain = openTestBrain();
  let last;
  for (let i = 0; i < 7; i++) last = await brain.correct(`I think maybe we could do item ${i}.`, `We will do item ${i}.`, { category: 'TONE' });
  expect(last!.lesson).toMatchObject({ confidence: 1, fireCount: 7 });
  await brain.close();
});
