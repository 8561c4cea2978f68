import { classifyEdit } from './classify';
import { compressionDistance, NCD_MIN_CODE_POINTS } from './compression';
import { editDistance } from './edit-distance';
import { countLineChanges } from './lines';
import { codePointLength } from './sequence-matcher';
import { severityFor } from './severity';
import { diffTokens } from './similarity';
import type { Classification, CorrectionAnalysis, Severity } from './types';

/**
 * Analyses one correction synchronously (SPEC §5.3); pure, safe to call from any thread. The two
 * distances and the severity are the Python SDK's `compute_diff` (surface mode) figures; severity is
 * read from the rounded figure, as Python does.
 */
export function analyzeCorrection(draft: string, final: string): CorrectionAnalysis {
  const diff = diffTokens(draft, final);
  const edit = editDistance(draft, final, diff);
  const long = codePointLength(draft) + codePointLength(final) >= NCD_MIN_CODE_POINTS;
  const ncd = long ? compressionDistance(draft, final) : edit;
  const severity = severityFor(ncd);
  // The classifier's thresholds were tuned on the word-level ratio, which also names what changed.
  const classifications = classifyEdit(draft, final, diff, 1 - diff.similarity);
  const { linesAdded, linesRemoved } = countLineChanges(draft, final);
  return {
    editDistance: edit,
    compressionDistance: ncd,
    severity,
    classifications,
    linesAdded,
    linesRemoved,
    summary: summarize(severity, classifications[0], linesAdded, linesRemoved),
  };
}

function summarize(severity: Severity, top: Classification, linesAdded: number, linesRemoved: number): string {
  const changed = Math.max(linesAdded, linesRemoved);
  const lines = changed === 0 ? 'no lines changed' : `${changed} line${changed === 1 ? '' : 's'} changed`;
  return `${severity} ${top.kind} edit: ${lines}, ${top.description}`;
}
