import path from 'node:path';
import { openSqlite } from '../../src/storage/driver';
import { DEFAULT_LESSON_PAGE, GradataValidationError } from '@gradata/core';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

/** Lessons written straight into the file (as a big, old brain holds them). */
function seedLessons(brain: Brain, count: number): void {
  const db = openSqlite(path.join(brain.dir, 'system.db'));
  const insert = db.prepare(
    "INSERT INTO lessons (category, description, state, confidence, fire_count, updated_at) VALUES ('TONE', ?, ?, 0.6, 1, '2026-01-01T00:00:00Z')",
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`lesson ${i}`, i % 10 === 0 ? 'RULE' : 'INSTINCT');
  })();
  db.close();
}

describe('brain.lessons() pages', () => {
  it('returns a bounded page by default, and afterId walks every lesson once, in id order', () => {
    const brain = openTestBrain();
    seedLessons(brain, 2_500);
    const first = brain.lessons();
    expect(first).toHaveLength(DEFAULT_LESSON_PAGE);
    const seen = [...first];
    for (let page = first; page.length > 0; ) {
      page = brain.lessons({ afterId: page[page.length - 1].id });
      seen.push(...page);
    }
    expect(seen.map((l) => l.description)).toEqual(Array.from({ length: 2_500 }, (_, i) => `lesson ${i}`));
    const rules = brain.lessons({ state: 'RULE', limit: 100 });
    expect(rules).toHaveLength(100);
    expect(rules.every((l) => l.state === 'RULE')).toBe(true);
    const more = brain.lessons({ state: 'RULE', limit: 1000, afterId: rules[99].id });
    expect(more).toHaveLength(150);
    expect(more[0].id).toBeGreaterThan(rules[99].id);
    return brain.close();
  });
});

describe('brain.corrections() pages', () => {
  it('beforeId walks the corrections newest first', async () => {
    const brain = openTestBrain();
    for (let i = 0; i < 5; i++) await brain.correct(`draft number ${i} text`, `final number ${i} text changed`, { session: 1 + (i % 2) });
    const first = brain.corrections({ limit: 2 });
    const second = brain.corrections({ limit: 2, beforeId: first[1].id });
    const third = brain.corrections({ limit: 2, beforeId: second[1].id });
    expect([...first, ...second, ...third].map((c) => c.draft)).toEqual([4, 3, 2, 1, 0].map((i) => `draft number ${i} text`));
    const session2 = brain.corrections({ session: 2, limit: 1 });
    expect(brain.corrections({ session: 2, beforeId: session2[0].id }).map((c) => c.draft)).toEqual(['draft number 1 text']);
    await brain.close();
  });
});

describe('bad listing options', () => {
  it.each([
    ['lessons limit 0', (b: Brain) => b.lessons({ limit: 0 }), 'BAD_OPTION'],
    ['lessons limit 1.5', (b: Brain) => b.lessons({ limit: 1.5 }), 'BAD_OPTION'],
    ['lessons limit over the page cap', (b: Brain) => b.lessons({ limit: 10_001 }), 'BAD_OPTION'],
    ['lessons limit as a string', (b: Brain) => b.lessons({ limit: '5' as unknown as number }), 'BAD_OPTION'],
    ['lessons afterId -1', (b: Brain) => b.lessons({ afterId: -1 }), 'BAD_OPTION'],
    ['lessons unknown state', (b: Brain) => b.lessons({ state: 'NOPE' as 'RULE' }), 'BAD_OPTION'],
    ['corrections limit NaN', (b: Brain) => b.corrections({ limit: Number.NaN }), 'BAD_OPTION'],
    ['corrections beforeId 2n', (b: Brain) => b.corrections({ beforeId: 2n as unknown as number }), 'BAD_OPTION'],
    ['corrections session 0', (b: Brain) => b.corrections({ session: 0 }), 'BAD_SESSION'],
    ['deadLetters limit -3', (b: Brain) => b.deadLetters({ limit: -3 }), 'BAD_OPTION'],
  ])('%s → GradataValidationError %s', async (_name, call, code) => {
    const brain = openTestBrain();
    let thrown: unknown;
    try {
      call(brain);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GradataValidationError);
    expect(thrown).toMatchObject({ code });
    await brain.close();
  });
});
