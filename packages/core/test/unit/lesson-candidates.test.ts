import { openBrainDatabase } from '../../src/storage';
import { getLesson, listLessons, recordLesson } from '../../src/lessons';

/** A description of five words no other seeded lesson uses. */
const uniqueDescription = (i: number): string => `tone change: w${i}a w${i}b w${i}c w${i}d w${i}e`;

function seed(count: number) {
  const db = openBrainDatabase(':memory:');
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const { lesson, change } = recordLesson(db, { category: 'TONE', description: uniqueDescription(i), session: 1, eventId: `seed-${i}` });
      expect(change).toBe('created');
      ids.push(lesson.id);
    }
  })();
  return { db, ids };
}

describe('lesson reinforcement among many candidates', () => {
  it('picks the most similar of 250 lessons in the category, not a weaker match', () => {
    const { db, ids } = seed(250);
    // Shares 4 of 5 words with lesson 180 and 3 with lesson 181: both pass the TONE threshold (0.30).
    const description = 'tone change: w180a w180b w180c w180d w181a w181b w181c';
    const result = recordLesson(db, { category: 'TONE', description, session: 2, eventId: 'evt-target' });
    expect(result.change).toBe('reinforced');
    expect(result.lesson.id).toBe(ids[180]);
    expect(result.lesson).toMatchObject({ fireCount: 2, confidence: 0.7, lastSession: 2, firstSession: 1, description: uniqueDescription(180) });
    expect(result.lesson.sourceEventIds).toEqual(['seed-180', 'evt-target']);
    // The returned lesson is exactly what is stored.
    expect(getLesson(db, ids[180])).toEqual(result.lesson);
    expect(getLesson(db, ids[181])).toMatchObject({ fireCount: 1, confidence: 0.6 });
    expect(listLessons(db, { limit: 1000 })).toHaveLength(250);
    db.close();
  });

  it('stays correct when repeated: every lesson reinforced in turn, new ones created for unseen edits', () => {
    const { db, ids } = seed(220);
    for (let round = 0; round < 2; round++) {
      for (const i of [25, 100, 219, 150]) {
        const result = recordLesson(db, { category: 'TONE', description: uniqueDescription(i), session: 3, eventId: `r${round}-${i}` });
        expect(result).toMatchObject({ change: 'reinforced', similarity: 1 });
        expect(result.lesson.id).toBe(ids[i]);
        expect(getLesson(db, ids[i])).toEqual(result.lesson);
      }
    }
    const fresh = recordLesson(db, { category: 'TONE', description: 'tone change: nothing seeded looks like this', session: 3, eventId: 'fresh' });
    expect(fresh.change).toBe('created');
    expect(getLesson(db, fresh.lesson.id)).toEqual(fresh.lesson);
    // Other categories never see these lessons.
    expect(recordLesson(db, { category: 'STYLE', description: uniqueDescription(25), session: 3, eventId: 'style' }).change).toBe('created');
    db.close();
  });

  it('does not trust a cached word set when the row under an id holds a different description', () => {
    const { db, ids } = seed(3);
    recordLesson(db, { category: 'TONE', description: uniqueDescription(1), session: 1, eventId: 'warm' });
    // A table without AUTOINCREMENT may hand an id to a new row: simulate the row changing under the cache.
    db.prepare('UPDATE lessons SET description = ? WHERE id = ?').run('tone change: replaced words entirely here', ids[1]);
    const result = recordLesson(db, { category: 'TONE', description: 'tone change: replaced words entirely here', session: 1, eventId: 'after' });
    expect(result).toMatchObject({ change: 'reinforced', similarity: 1 });
    expect(result.lesson.id).toBe(ids[1]);
    db.close();
  });

  it('keeps at most 50 source event ids per lesson, the newest', () => {
    const { db, ids } = seed(1);
    let last;
    for (let i = 0; i < 60; i++) last = recordLesson(db, { category: 'TONE', description: uniqueDescription(0), session: 1, eventId: `e${i}` });
    expect(last!.lesson.sourceEventIds).toHaveLength(50);
    expect(last!.lesson.sourceEventIds[49]).toBe('e59');
    expect(last!.lesson.sourceEventIds[0]).toBe('e10');
    expect(getLesson(db, ids[0])).toEqual(last!.lesson);
    db.close();
  });
});
