import type { CorrectionAnalysis } from '../analysis';
import { wordSet } from '../lessons';
import { cutToCodePoints } from '../queue/wire-cut';

const MAX_WORDS = 6;

/**
 * A lesson description: what kind of edit it was plus the words it removed and added. Similar
 * edits share words, so the word-set comparison of SPEC §10 finds them.
 */
export function describeCorrection(draft: string, final: string, analysis: CorrectionAnalysis): string {
  const before = wordSet(draft);
  const after = wordSet(final);
  const removed = [...before].filter((word) => !after.has(word)).slice(0, MAX_WORDS);
  const added = [...after].filter((word) => !before.has(word)).slice(0, MAX_WORDS);
  const parts = [analysis.classifications[0]?.description ?? analysis.summary];
  if (removed.length) parts.push(`removed: ${removed.join(', ')}`);
  if (added.length) parts.push(`added: ${added.join(', ')}`);
  return cutToCodePoints(parts.join('; '), 500);
}
