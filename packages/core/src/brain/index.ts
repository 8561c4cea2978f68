export { Brain } from './brain';
export { MAX_CORRECTION_CHARS } from './validate';
export type { BrainOptions, CorrectOptions, CorrectionResult, StoredCorrection, SyncStatus } from './types';
export type { EndSessionResult } from './end-session';
