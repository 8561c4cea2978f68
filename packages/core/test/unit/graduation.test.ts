import { openSqlite } from '../../src/storage/driver';
import path from 'node:path';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

async function fire(brain: Brain, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await brain.correct(`I think we could maybe ship order ${i} soon.`, `We will ship order ${i} today.`, { category: 'TONE' });
  }
}

function events(brain: Brain): Array<{ type: string; session: number; data_json: string }> {
  const db = openSqlite(path.join(brain.dir, 'system.db'), { readonly: true });
  const rows = db.prepare('SELECT type, session, data_json FROM events ORDER BY id').all() as Array<{ type: string; session: number; data_json: string }>;
  db.close();
  return rows;
}

it('one correction never graduates; the session ends and the next one starts', async () => {
  const brain = openTestBrain();
  await fire(brain, 1);
  const result = await brain.endSession();
  expect(result).toMatchObject({ session: 1, graduated: [], legacySync: { ran: false, reason: 'no-api-key', pushed: 0 } });
  expect(brain.lessons()[0].state).toBe('INSTINCT');
  expect(brain.currentSession()).toBe(2);
  expect((await brain.correct('a draft', 'a final')).session).toBe(2);
  expect(events(brain).filter((e) => e.type === 'SESSION_END').map((e) => e.session)).toEqual([1]);
  await brain.close();
});

it('INSTINCT → PATTERN at two fires and confidence 0.7, one step per session end', async () => {
  const brain = openTestBrain();
  await fire(brain, 2);
  const result = await brain.endSession();
  expect(result.graduated.map((g) => [g.from, g.to])).toEqual([['INSTINCT', 'PATTERN']]);
  expect(brain.lessons({ state: 'PATTERN' })).toHaveLength(1);
  const change = events(brain).filter((e) => e.type === 'LESSON_CHANGE').map((e) => JSON.parse(e.data_json)).find((d) => d.change === 'graduated');
  expect(change).toMatchObject({ from: 'INSTINCT', to: 'PATTERN' });
  // Not yet a RULE: three fires but confidence 0.8 < 0.9.
  await fire(brain, 1);
  expect((await brain.endSession()).graduated).toEqual([]);
  expect(brain.lessons()[0]).toMatchObject({ state: 'PATTERN', fireCount: 3, confidence: 0.8 });
  await brain.close();
});

it('PATTERN → RULE at confidence 0.9 and three or more fires', async () => {
  const brain = openTestBrain();
  await fire(brain, 4);
  expect((await brain.endSession()).graduated.map((g) => g.to)).toEqual(['PATTERN']);
  const second = await brain.endSession();
  expect(second.session).toBe(2);
  expect(second.graduated.map((g) => [g.from, g.to])).toEqual([['PATTERN', 'RULE']]);
  expect(brain.lessons({ state: 'RULE' })).toHaveLength(1);
  await brain.close();
});

it('write-through enabled → the legacy step is skipped for that reason', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  expect((await brain.endSession()).legacySync).toEqual({ ran: false, reason: 'write-through', pushed: 0 });
  await brain.close();
});
