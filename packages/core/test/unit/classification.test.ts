import { analyzeCorrection } from '../../src/analysis/analyze';
import type { ClassificationKind } from '../../src/analysis/types';

const REFUND =
  "Hi Sarah, thanks for reaching out about the billing issue on your account. I think the duplicate charge of $49.00 on March 3 was probably caused by a retry in our payment system. I've issued a refund, which should appear within 5-7 business days. Let me know if there's anything else I can help with!";

const cases: Array<{ kind: ClassificationKind; name: string; draft: string; final: string; mention: RegExp }> = [
  { kind: 'FACTUAL', name: 'price corrected', draft: REFUND, final: REFUND.replace('$49.00', '$59.00'), mention: /\$49\.00.*\$59\.00/ },
  { kind: 'FACTUAL', name: 'URL corrected', draft: 'Reset it at https://example.com/reset and sign in again.', final: 'Reset it at https://example.com/account/reset and sign in again.', mention: /https/ },
  { kind: 'STYLE', name: 'word swapped', draft: REFUND, final: REFUND.replace('reaching out', 'contacting us'), mention: /reaching out.*contacting us/ },
  { kind: 'STRUCTURE', name: 'sentences reordered', draft: 'The fix is deployed. Please clear your cache. Then reload the page.', final: 'Please clear your cache. Then reload the page. The fix is deployed.', mention: /reordered/ },
  {
    kind: 'STRUCTURE',
    name: 'prose turned into a list',
    draft: 'You need three things: an API key, a project id and the region.',
    final: 'You need three things:\n- an API key\n- a project id\n- the region',
    mention: /list items 0 → 3/,
  },
  {
    kind: 'PROCESS',
    name: 'steps added',
    draft: 'To fix the sync error, sign out of the app.',
    final: 'To fix the sync error:\n1. Sign out of the app.\n2. Clear the local cache in Settings.\n3. Sign in again and run a manual sync.',
    mention: /steps? added/,
  },
  { kind: 'TONE', name: 'hedges removed', draft: REFUND, final: REFUND.replace('I think the', 'The').replace('was probably caused', 'was caused'), mention: /hedges removed/ },
  { kind: 'TONE', name: 'made casual', draft: 'Dear Mr. Lee, we would appreciate your feedback regarding the new dashboard.', final: 'Hey Lee, we would love your feedback on the new dashboard!', mention: /casual/ },
  { kind: 'CONTENT', name: 'content added', draft: 'Your refund was issued today.', final: 'Your refund was issued today. Because the charge came from a failed retry, we also credited one month of the Pro plan to your account as an apology.', mention: /content added/ },
  { kind: 'CONTENT', name: 'content cut', draft: REFUND, final: "Hi Sarah, I've issued a refund for the duplicate charge.", mention: /content cut/ },
];

describe('classification (SPEC §5.2)', () => {
  it.each(cases)('$kind: $name', ({ kind, draft, final, mention }) => {
    const { classifications, summary } = analyzeCorrection(draft, final);
    const found = classifications.find((c) => c.kind === kind);
    expect(found).toBeDefined();
    expect(found?.description).toMatch(mention);
    expect(classifications[0].kind).toBe(kind);
    expect(summary).toContain(kind);
  });

  it('always returns at least one classification, ordered by confidence, each in 0..1 with a one-line description', () => {
    const pairs: Array<[string, string]> = [
      ['a', 'b'],
      ['', 'new text'],
      ['old text', ''],
      ['Same words here.', 'Same words here!'],
      [REFUND, 'Completely unrelated: the build server is down for maintenance until noon.'],
    ];
    for (const [draft, final] of pairs) {
      const { classifications } = analyzeCorrection(draft, final);
      expect(classifications.length).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < classifications.length; i++) {
        const c = classifications[i];
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(c.description.length).toBeGreaterThan(0);
        expect(c.description).not.toContain('\n');
        if (i > 0) expect(classifications[i - 1].confidence).toBeGreaterThanOrEqual(c.confidence);
      }
    }
  });

  it('reports line counts and a readable summary', () => {
    const result = analyzeCorrection('line one\nline two\nline three', 'line one\nline 2\nline three\nline four');
    expect(result.linesAdded).toBe(2);
    expect(result.linesRemoved).toBe(1);
    expect(result.summary).toMatch(/^(as-is|minor|moderate|major|discarded) [A-Z]+ edit: 2 lines changed, .+/);
  });

  it('shows U+0000 from the text as ␀ in descriptions (stored as a plain column, which Node 22 node:sqlite cuts at U+0000)', () => {
    for (const [draft, final] of [['hello world', 'hello \u0000 world'], ['total 18\u0000', 'total 20\u0000x']]) {
      const result = analyzeCorrection(draft, final);
      const texts = [result.summary, ...result.classifications.map((c) => c.description)];
      expect(texts.filter((text) => text.includes('\u0000'))).toEqual([]);
    }
    expect(analyzeCorrection('hello world', 'hello \u0000 world').classifications[0]?.description).toContain('␀');
  });
});
