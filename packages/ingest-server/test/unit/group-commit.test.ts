import { openSqlite } from '@gradata/core';
import { GroupCommitter } from '../../src/group-commit';

function setup() {
  const db = openSqlite(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
  const insert = db.prepare('INSERT OR IGNORE INTO t (k) VALUES (?)');
  return { db, insert, committer: new GroupCommitter(db) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  it('answers each work item after one shared commit, with its own result', async () => {
    const { db, insert, committer } = setup();
    const answers: Array<[Error | undefined, number | undefined]> = [];
    committer.run(() => insert.run('a').changes, (error, result) => answers.push([error, result]));
    committer.run(() => insert.run('a').changes, (error, result) => answers.push([error, result]));
    expect(answers).toEqual([]);
    expect(db.inTransaction).toBe(true);

    await nextTurn();
    expect(answers).toEqual([
      [undefined, 1],
      [undefined, 0],
    ]);
    expect(db.inTransaction).toBe(false);
  });

  it('reports a failing work item at once and still commits the others', async () => {
    const { db, insert, committer } = setup();
    const errors: Array<Error | undefined> = [];
    committer.run(() => insert.run('ok').changes, (error) => errors.push(error));
    committer.run(() => {
      throw new Error('boom');
    }, (error) => errors.push(error));
    expect(errors.map((e) => e?.message)).toEqual(['boom']);
    await nextTurn();
    expect(errors).toHaveLength(2);
    expect(errors[1]).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
  });

  it('flush() commits immediately, and a closed database fails new work', () => {
    const { db, insert, committer } = setup();
    let answered = false;
    committer.run(() => insert.run('x').changes, () => (answered = true));
    committer.flush();
    expect(answered).toBe(true);
    db.close();
    let failure: Error | undefined;
    committer.run(() => 1, (error) => (failure = error));
    expect(failure?.message).toMatch(/closed/);
  });

  it('never answers earlier work as committed when SQLite rolled the whole group back', async () => {
    const { db, insert, committer } = setup();
    const answers: Array<Error | undefined> = [];
    committer.run(() => insert.run('lost').changes, (error) => answers.push(error));
    // What SQLITE_FULL or an I/O error does: the statement fails and the transaction is rolled back.
    committer.run(() => {
      db.prepare('ROLLBACK').run();
      throw new Error('database or disk is full');
    }, (error) => answers.push(error));
    committer.run(() => insert.run('next').changes, (error) => answers.push(error));
    await nextTurn();
    expect(answers).toHaveLength(3);
    expect(answers[0]?.message).toMatch(/rolled back/);
    expect(answers[1]?.message).toMatch(/disk is full/);
    expect(answers[2]).toBeUndefined();
    expect(db.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'next' }]);
  });
});
