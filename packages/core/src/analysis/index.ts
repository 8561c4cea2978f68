export type { Classification, ClassificationKind, CorrectionAnalysis, Severity } from './types';
export { analyzeCorrection } from './analyze';
export { analyzeAuto, LARGE_INPUT_CHARS } from './auto';
export { AnalysisPool, type AnalysisPoolOptions } from './pool';
export { severityFor } from './severity';
export { diffTokens, type TokenDiff, type TokenHunk } from './similarity';
export { editDistance } from './edit-distance';
export { compressionDistance, NCD_MIN_CODE_POINTS } from './compression';
