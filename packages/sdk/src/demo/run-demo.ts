import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { EndSessionResult, Lesson, SyncStatus } from '@gradata/core';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '../brain';
import { CliError } from '../cli/exit-codes';
import { loadIngestServer } from '../cli/lazy';
import { loadDemoCorrections, pickCorrections } from './corrections';
import type { DemoCorrection } from './corrections';
import { DeliveryTracker } from './delivery-tracker';

/** How long one correction may take to reach the receiver before the demo calls it undelivered. */
const DELIVERY_TIMEOUT_MS = 5_000;

export interface DemoOptions {
  /** Use this brain folder (kept afterwards) instead of a temporary one (removed afterwards). */
  brainDir?: string;
  /** Record this many corrections (cycling through the shipped set); default all of them. */
  count?: number;
  dataFile?: string;
  logger: Logger;
  /** Progress as it happens; the text view prints, the JSON view stays quiet. */
  view: DemoView;
  /** Stops the demo between corrections (Ctrl-C); everything started is still cleaned up. */
  signal?: AbortSignal;
}

/** One recorded correction as the demo reports it. */
export interface DemoRow {
  index: number;
  agent: string;
  eventId: string;
  severity: string;
  category: string;
  classifications: string[];
  lesson: { id: number; change: 'created' | 'reinforced'; state: string } | null;
  queued: boolean;
  /** From `correct()` returning to the receiver holding the row; null when it did not arrive. */
  deliveredMs: number | null;
}

/** The receiver's copy of a correction that held personal data. */
export interface RedactionSample {
  index: number;
  sentDraft: string;
  storedDraft: string;
}

export interface DemoReport {
  receiverUrl: string;
  brainDir: string;
  brainId: string;
  temporaryBrain: boolean;
  workerReadyMs: number;
  rows: DemoRow[];
  redaction: RedactionSample | null;
  endSession: EndSessionResult;
  lessons: Lesson[];
  status: SyncStatus;
  receiverStored: number;
  latency: { p50: number; p95: number; max: number } | null;
  allDelivered: boolean;
  elapsedMs: number;
}

/** Progress callbacks; every one is optional to implement meaningfully. */
export interface DemoView {
  started(info: { receiverUrl: string; brainDir: string; temporaryBrain: boolean; count: number }): void;
  workerReady(ms: number): void;
  recorded(row: DemoRow): void;
  finished(report: DemoReport): void;
}

/**
 * SPEC §12: an embedded receiver on a free loopback port with a generated key, a brain writing
 * through to it, the shipped corrections recorded one by one and timed until delivered, the
 * session ended, then lessons and the final status. Everything started here is closed here.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const picked = pickCorrections(loadDemoCorrections(options.dataFile), options.count);
  const apiKey = `demo-${randomBytes(16).toString('hex')}`;
  const temporaryBrain = options.brainDir === undefined;
  const brainDir = options.brainDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-demo-'));

  let server: IngestServer | null = null;
  let brain: Brain | null = null;
  let tracker: DeliveryTracker | null = null;
  try {
    server = await loadIngestServer('demo').startIngestServer({ port: 0, host: '127.0.0.1', keys: [apiKey], logger: false });
    // Explicit options beat the environment: the demo never talks to a configured cloud.
    brain = new Brain(brainDir, {
      apiKey,
      ingestUrl: server.ingestUrl,
      apiBase: server.apiBase,
      writeThrough: true,
      exitHooks: false,
      logger: options.logger,
    });
    tracker = new DeliveryTracker(brain, server);
    options.view.started({ receiverUrl: server.url, brainDir: brain.dir, temporaryBrain, count: picked.length });

    // A flush round-trip returns once the thread has started and loaded its HTTP client, so the
    // per-correction times below measure delivery, not thread start-up.
    const warmStart = performance.now();
    await brain.flush({ timeoutMs: DELIVERY_TIMEOUT_MS });
    const workerReadyMs = performance.now() - warmStart;
    options.view.workerReady(workerReadyMs);

    const rows: DemoRow[] = [];
    for (const [i, correction] of picked.entries()) {
      if (options.signal?.aborted) throw new CliError('INTERRUPTED', 'demo interrupted; the receiver and the brain were closed', 130);
      const row = await recordOne(brain, tracker, correction, i + 1);
      rows.push(row);
      options.view.recorded(row);
    }

    const redaction = findRedaction(server, brain.brainId, picked, rows);
    const endSession = await brain.endSession();
    const lessons = brain.lessons();
    // Anything still in the outbox (a row of an earlier run in a --brain folder) goes now.
    await brain.flush({ timeoutMs: DELIVERY_TIMEOUT_MS });
    const status = brain.syncStatus();
    const delivered = rows.filter((row) => row.deliveredMs !== null).map((row) => row.deliveredMs as number);
    const report: DemoReport = {
      receiverUrl: server.url,
      brainDir: brain.dir,
      brainId: brain.brainId,
      temporaryBrain,
      workerReadyMs,
      rows,
      redaction,
      endSession,
      lessons,
      status,
      receiverStored: server.storedEventIds(brain.brainId).length,
      latency: delivered.length === 0 ? null : summarise(delivered),
      allDelivered: delivered.length === rows.length && status.pending === 0,
      elapsedMs: performance.now() - started,
    };
    return report;
  } finally {
    tracker?.dispose();
    await brain?.close({ drain: true, timeoutMs: 2_000 });
    await server?.close();
    if (temporaryBrain) fs.rmSync(brainDir, { recursive: true, force: true });
  }
}

async function recordOne(brain: Brain, tracker: DeliveryTracker, correction: DemoCorrection, index: number): Promise<DemoRow> {
  const result = await brain.correct(correction.draft, correction.final, { category: correction.category });
  const recordedAt = performance.now();
  const deliveredAt = result.queued ? await tracker.waitFor(result.eventId, DELIVERY_TIMEOUT_MS) : null;
  return {
    index,
    agent: correction.agent,
    eventId: result.eventId,
    severity: result.severity,
    category: result.category,
    classifications: result.classifications.map((c) => c.kind),
    lesson: result.lesson ? { id: result.lesson.id, change: result.lesson.change, state: result.lesson.state } : null,
    queued: result.queued,
    deliveredMs: deliveredAt === null ? null : Math.max(0, deliveredAt - recordedAt),
  };
}

/** The first correction whose text the redaction changed, as the receiver stored it. */
function findRedaction(server: IngestServer, brainId: string, picked: readonly DemoCorrection[], rows: readonly DemoRow[]): RedactionSample | null {
  const stored = new Map(server.corrections(brainId).map((c) => [c.eventId, c]));
  for (const row of rows) {
    const copy = stored.get(row.eventId);
    if (copy && /\[REDACTED:/.test(copy.draft + copy.final)) {
      return { index: row.index, sentDraft: (picked[row.index - 1] as DemoCorrection).draft, storedDraft: copy.draft };
    }
  }
  return null;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function summarise(values: readonly number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] as number };
}
