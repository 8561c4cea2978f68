import { analyzeCorrection } from '../../src/analysis/analyze';
import { editDistance } from '../../src/analysis/edit-distance';
import { diffTokens } from '../../src/analysis/similarity';

describe('similarity', () => {
  it('is 0 for identical texts and about 1 for disjoint ones', () => {
    expect(editDistance('The refund is on its way.', 'The refund is on its way.')).toBe(0);
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('aaaa bbbb', 'XXXX YYYY ZZ')).toBeGreaterThan(0.9);
    expect(editDistance('', 'anything')).toBe(1);
  });

  it('grows with the size of the edit', () => {
    const base = 'Please restart the router, wait two minutes, then try the connection again.';
    const small = editDistance(base, base.replace('two', 'three'));
    const large = editDistance(base, 'Contact your provider; the outage is on their side.');
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(0.1);
    expect(large).toBeGreaterThan(small);
  });

  it('groups a changed phrase into one hunk of whole words', () => {
    const diff = diffTokens('Thanks for reaching out today.', 'Thanks for contacting us today.');
    expect(diff.exact).toBe(true);
    expect(diff.hunks).toHaveLength(1);
    expect(diff.hunks[0].removed.join('')).toBe('reaching out');
    expect(diff.hunks[0].added.join('')).toBe('contacting us');
  });

  it('returns a value in [0,1] on a pathological 50k-character input (bounded diff, fallback estimate)', () => {
    let seed = 1;
    const word = (): string => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed % 100000).toString(36);
    };
    const draftWords: string[] = [];
    const finalWords: string[] = [];
    while (draftWords.join(' ').length < 25_000) draftWords.push(word());
    while (finalWords.join(' ').length < 25_000) finalWords.push(word());
    const draft = draftWords.join(' ');
    const final = finalWords.join(' ');
    const diff = diffTokens(draft, final);
    expect(diff.similarity).toBeGreaterThanOrEqual(0);
    expect(diff.similarity).toBeLessThanOrEqual(1);
    const analysis = analyzeCorrection(draft, final);
    expect(analysis.editDistance).toBeGreaterThanOrEqual(0);
    expect(analysis.editDistance).toBeLessThanOrEqual(1);
    expect(analysis.compressionDistance).toBeGreaterThanOrEqual(0);
    expect(analysis.compressionDistance).toBeLessThanOrEqual(1);
  });

  it('stays within [0,1] when one long text is shuffled (order-blind fallback)', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 700}`);
    const shuffled = [...words].reverse();
    const d = editDistance(words.join(' '), shuffled.join(' '));
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(1);
  });
});
