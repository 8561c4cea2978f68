import { analyzeCorrection } from '../../src/analysis/analyze';
import { analyzeAuto, LARGE_INPUT_CHARS } from '../../src/analysis/auto';
import { AnalysisPool } from '../../src/analysis/pool';
import { GradataClosedError } from '../../src/errors';

function largePair(): [string, string] {
  const paragraphs: string[] = [];
  for (let i = 0; i < 140; i++) {
    paragraphs.push(`Section ${i}: the sync worker retries delivery ${i % 7} times with backoff before pausing; see ticket #${4000 + i}.`);
  }
  const draft = paragraphs.join('\n');
  const final = paragraphs
    .map((p, i) => (i % 10 === 0 ? p.replace('retries', 'probably retries') : p))
    .filter((_, i) => i % 25 !== 0)
    .join('\n');
  return [draft, final];
}

describe('AnalysisPool (real piscina threads, task from dist)', () => {
  const pool = new AnalysisPool({ maxThreads: 1 });
  afterAll(() => pool.close());

  it('analyses a large pair on the pool with the same result as inline', async () => {
    const [draft, final] = largePair();
    expect(draft.length + final.length).toBeGreaterThan(LARGE_INPUT_CHARS);
    const inline = analyzeCorrection(draft, final);
    await expect(pool.run(draft, final)).resolves.toEqual(inline);
    await expect(analyzeAuto(draft, final, pool)).resolves.toEqual(inline);
  });

  it('analyses small pairs inline without starting the pool', async () => {
    const idle = new AnalysisPool();
    const result = await analyzeAuto('Thanks!', 'Thank you.', idle);
    expect(result).toEqual(analyzeCorrection('Thanks!', 'Thank you.'));
    await idle.close();
  });

  it('close() is idempotent and later runs are rejected', async () => {
    const local = new AnalysisPool();
    await local.run('a draft', 'a final');
    const first = local.close();
    expect(local.close()).toBe(first);
    await first;
    await expect(local.close()).resolves.toBeUndefined();
    await expect(local.run('x', 'y')).rejects.toBeInstanceOf(GradataClosedError);
  });

  it('close() on a pool that never started resolves', async () => {
    await expect(new AnalysisPool().close()).resolves.toBeUndefined();
  });
});
