/** How much of the draft survived the edit: the Python SDK's label for the same pair (SPEC §5.3). */
export type Severity = 'as-is' | 'minor' | 'moderate' | 'major' | 'discarded';

/** What kind of edit a correction is (SPEC §5.2). */
export type ClassificationKind = 'FACTUAL' | 'STYLE' | 'STRUCTURE' | 'PROCESS' | 'TONE' | 'CONTENT';

/** One reason the edit was made, with how sure the heuristics are (0..1). */
export interface Classification {
  kind: ClassificationKind;
  confidence: number;
  description: string;
}

/** The local analysis of one correction; the distances are rounded to 6 decimals, as the Python SDK's. */
export interface CorrectionAnalysis {
  editDistance: number;
  compressionDistance: number;
  severity: Severity;
  classifications: Classification[];
  linesAdded: number;
  linesRemoved: number;
  summary: string;
}
