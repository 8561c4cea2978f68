export { Brain } from './brain';
export { MAX_CORRECTION_CHARS } from './validate';
export type { BrainOptions, CorrectOptions, CorrectionResult, CorrectionsOptions, LessonsOptions, StoredCorrection, SyncStatus } from './types';
export { DEFAULT_CORRECTION_PAGE, DEFAULT_LESSON_PAGE, MAX_PAGE } from './page';
export type { EndSessionResult } from './end-session';
