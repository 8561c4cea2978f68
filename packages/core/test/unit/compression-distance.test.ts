import { deflateRawSync } from 'node:zlib';
import { normalizedCompressionDistance } from '../../src/analysis/compression';

/** The formula of compression.ts computed with zlib's defaults: the sized output buffer must not change a figure. */
function reference(draft: string, final: string): number {
  const size = (text: string): number => deflateRawSync(text, { level: 9 }).length;
  const d = size(draft);
  const f = size(final);
  const floor = draft.length === 0 ? 0 : Math.min(0.1 * d, Math.max(0, size(draft + draft) - d));
  const larger = Math.max(d, f);
  if (larger - floor <= 0) return 1;
  const distance = (size(draft + final) - Math.min(d, f) - floor) / (larger - floor);
  return distance < 0 ? 0 : distance > 1 ? 1 : distance;
}

it('gives the same distance as zlib with default buffers, short and long, compressible or not', () => {
  const sentence = 'Thanks for reaching out about order #1042. We will refund the full amount within 5 business days. ';
  const noise = (n: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
  const pairs: Array<[string, string]> = [
    [sentence, sentence.replace('full', 'partial')],
    [sentence.repeat(3), sentence.repeat(2) + 'Sorry for the wait!'],
    [sentence.repeat(40), sentence.repeat(39) + 'A new closing line.'],
    [noise(900), noise(1100)],
    [noise(5000), sentence.repeat(60)],
    ['é'.repeat(700) + sentence, sentence + 'ü'.repeat(700)],
  ];
  for (const [draft, final] of pairs) expect(normalizedCompressionDistance(draft, final)).toBe(reference(draft, final));
});
