import * as path from 'node:path';
import type { Piscina } from 'piscina';
import { GradataClosedError } from '../errors';
import type { AnalysisTask } from './task';
import type { CorrectionAnalysis } from './types';

/** Options of `AnalysisPool`. */
export interface AnalysisPoolOptions {
  /** Upper bound on pool threads (default 1: large corrections are rare, and the host may have 2 cores). */
  maxThreads?: number;
  /** How long an idle thread lives before it exits, in ms (default 10,000). */
  idleTimeoutMs?: number;
}

const DEFAULT_MAX_THREADS = 1;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

/**
 * Where the compiled task lives. From dist the sibling `task.js`; when this module is loaded from
 * src by ts-jest, the built copy in dist (a pool thread cannot load `.ts`, TOOLCHAIN.md).
 */
export const ANALYSIS_TASK_FILENAME = __filename.endsWith('.ts')
  ? path.resolve(__dirname, '../../dist/analysis/task.js')
  : path.join(__dirname, 'task.js');

/**
 * A lazily started worker-thread pool for analysing large corrections off the event loop.
 * Threads start on the first `run`, exit after `idleTimeoutMs` idle, and never hold the process open.
 */
export class AnalysisPool {
  private readonly maxThreads: number;
  private readonly idleTimeoutMs: number;
  private piscina: Piscina<AnalysisTask, CorrectionAnalysis> | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: AnalysisPoolOptions = {}) {
    this.maxThreads = positiveInteger(options.maxThreads ?? DEFAULT_MAX_THREADS, 'maxThreads');
    this.idleTimeoutMs = positiveInteger(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, 'idleTimeoutMs');
  }

  /** Analyses one correction on a pool thread. */
  run(draft: string, final: string): Promise<CorrectionAnalysis> {
    if (this.closing !== undefined) return Promise.reject(new GradataClosedError('analysis pool'));
    // Required here, not at the top: only large corrections need the pool, and require('@gradata/sdk') stays light (SPEC §14.7).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.piscina ??= new (require('piscina') as typeof import('piscina')).Piscina<AnalysisTask, CorrectionAnalysis>({
      filename: ANALYSIS_TASK_FILENAME,
      minThreads: 0,
      maxThreads: this.maxThreads,
      idleTimeout: this.idleTimeoutMs,
    });
    return this.piscina.run({ draft, final });
  }

  /** Waits for running tasks, then stops the threads; every call shares one promise. */
  close(): Promise<void> {
    this.closing ??= this.piscina === undefined ? Promise.resolve() : this.piscina.close();
    return this.closing;
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`AnalysisPool option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
