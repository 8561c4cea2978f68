export type { Classification, ClassificationKind, CorrectionAnalysis, Severity } from './types';
export { analyzeCorrection } from './analyze';
export { analyzeAuto, LARGE_INPUT_CHARS } from './auto';
export { AnalysisPool, type AnalysisPoolOptions } from './pool';
export { severityFor } from './severity';
export { diffTokens, editDistance, type TokenDiff, type TokenHunk } from './similarity';
export { normalizedCompressionDistance, NCD_MIN_CHARS } from './compression';
