import { analyzeCorrection } from './analyze';
import type { AnalysisPool } from './pool';
import type { CorrectionAnalysis } from './types';

/** Above this combined length a correction is analysed on the pool, not inline (SPEC §5.2). */
export const LARGE_INPUT_CHARS = 20_000;

/** Analyses inline for ordinary inputs and on `pool` for large ones, so the event loop never stalls. */
export async function analyzeAuto(draft: string, final: string, pool: AnalysisPool): Promise<CorrectionAnalysis> {
  if (draft.length + final.length > LARGE_INPUT_CHARS) return pool.run(draft, final);
  return analyzeCorrection(draft, final);
}
