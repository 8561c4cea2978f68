import { classifyEdit } from './classify';
import { compressionDistance } from './compression';
import { countLineChanges } from './lines';
import { severityFor } from './severity';
import { diffTokens } from './similarity';
import type { Classification, CorrectionAnalysis, Severity } from './types';

/** Analyses one correction synchronously (SPEC §5.2); pure, safe to call from any thread. */
export function analyzeCorrection(draft: string, final: string): CorrectionAnalysis {
  const diff = diffTokens(draft, final);
  const editDistance = round4(1 - diff.similarity);
  // Severity is read from the rounded figure so the reported number and its band always agree.
  const ncd = round4(compressionDistance(draft, final, editDistance));
  const severity = severityFor(ncd);
  const classifications = classifyEdit(draft, final, diff, editDistance);
  const { linesAdded, linesRemoved } = countLineChanges(draft, final);
  return {
    editDistance,
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

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
