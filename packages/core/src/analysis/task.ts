/** The piscina task: runs in a pool thread, loaded from dist/analysis/task.js. */
import { analyzeCorrection } from './analyze';
import type { CorrectionAnalysis } from './types';

/** Message the pool sends per task. */
export interface AnalysisTask {
  draft: string;
  final: string;
}

/** Piscina calls the module's default export with each task. */
export default function runAnalysisTask(task: AnalysisTask): CorrectionAnalysis {
  return analyzeCorrection(task.draft, task.final);
}
