import { checkScripted, resolveFaults, type FaultOptions, type ScriptedResponse } from './options';

/** Routes that fault injection applies to (`batch` = `/ingest/batch`, faulted per request). */
export type FaultRoute = 'ingest' | 'sync' | 'batch';

/** What to do with one request, decided before normal handling. */
export type FaultAction =
  | { kind: 'pass'; delayMs: number; headers?: Record<string, string> }
  | { kind: 'respond'; delayMs: number; status: number; headers?: Record<string, string>; body: unknown }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'hold' };

const PASS: FaultAction = Object.freeze({ kind: 'pass', delayMs: 0 });
const HOLD: FaultAction = Object.freeze({ kind: 'hold' });

/** Generic body of a scripted status given without a body. */
export function genericBody(status: number): unknown {
  return status < 400 ? { status: 'ok', deduplicated: false, scripted: true } : { error: `scripted ${status}` };
}

function fromScript(entry: ScriptedResponse, latencyMs: number): FaultAction {
  if (typeof entry === 'number') {
    return entry === 200
      ? { kind: 'pass', delayMs: latencyMs }
      : { kind: 'respond', delayMs: latencyMs, status: entry, body: genericBody(entry) };
  }
  const delayMs = latencyMs + (entry.delayMs ?? 0);
  if (entry.drop) return { kind: 'drop', delayMs };
  if (entry.status === 200 && entry.body === undefined) return { kind: 'pass', delayMs, headers: entry.headers };
  return {
    kind: 'respond',
    delayMs,
    status: entry.status,
    headers: entry.headers,
    body: entry.body === undefined ? genericBody(entry.status) : entry.body,
  };
}

/**
 * Holds the current faults and the per-route scripts. `armed` is false when nothing is configured,
 * so the hot path skips fault handling with one property read.
 */
export class FaultController {
  private faults: FaultOptions;
  private readonly scripts: Record<FaultRoute, ScriptedResponse[]>;
  armed = false;

  constructor(
    faults: FaultOptions,
    scripts: { ingest: ScriptedResponse[]; sync: ScriptedResponse[]; batch?: ScriptedResponse[] },
    private readonly random: () => number = Math.random,
  ) {
    this.faults = faults;
    this.scripts = { ingest: [...scripts.ingest], sync: [...scripts.sync], batch: [...(scripts.batch ?? [])] };
    this.rearm();
  }

  /** Replaces the standing faults (not the scripts). */
  setFaults(faults: FaultOptions): void {
    this.faults = resolveFaults(faults);
    this.rearm();
  }

  /** Appends scripted answers for a route. */
  push(route: FaultRoute, entries: ScriptedResponse[]): void {
    this.scripts[route].push(...entries.map(checkScripted));
    this.rearm();
  }

  /** Scripted answers not yet consumed. */
  pending(route: FaultRoute): number {
    return this.scripts[route].length;
  }

  /** Decides the fate of the next request of `route`, consuming a scripted entry if one is queued. */
  next(route: FaultRoute): FaultAction {
    const f = this.faults;
    const latencyMs = f.latencyMs ?? 0;
    const script = this.scripts[route];
    if (script.length > 0) {
      const entry = script.shift() as ScriptedResponse;
      this.rearm();
      return fromScript(entry, latencyMs);
    }
    if (f.neverRespond) return HOLD;
    if (f.dropRate && this.random() < f.dropRate) return { kind: 'drop', delayMs: latencyMs };
    if (f.failRate && this.random() < f.failRate) {
      return { kind: 'respond', delayMs: latencyMs, status: 503, body: { error: 'injected failure' } };
    }
    return latencyMs > 0 ? { kind: 'pass', delayMs: latencyMs } : PASS;
  }

  private rearm(): void {
    const f = this.faults;
    this.armed =
      this.scripts.ingest.length > 0 ||
      this.scripts.sync.length > 0 ||
      this.scripts.batch.length > 0 ||
      Boolean(f.neverRespond) ||
      (f.dropRate ?? 0) > 0 ||
      (f.failRate ?? 0) > 0 ||
      (f.latencyMs ?? 0) > 0;
  }
}
