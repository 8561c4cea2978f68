import { describeValue } from '../describe-value';
import { GradataValidationError } from '../errors';

/**
 * The delivery knobs (SPEC §3 `delivery`, §7): the same fields as a bare `SyncWorker`'s, reachable
 * from `new Brain(dir, { delivery })`. They live in core because core resolves Brain's options and
 * may not import the sync worker (project references); the sync worker derives its options from these.
 */
export interface DeliveryOptions {
  /**
   * Requests in flight at the start (default 4). The limit then adapts to the link (AIMD): it grows
   * while replies are healthy and slow, up to `maxConcurrency`, and halves on 429, 503, timeouts
   * and network errors, never below 1.
   */
  concurrency?: number;
  /** Most requests in flight (default 32; when only `concurrency` is given, that value). Given alone below 4, the start is lowered to it. */
  maxConcurrency?: number;
  /**
   * Send several rows per request to `<ingestUrl>/batch` (default true). A receiver without that
   * route is detected on its first 404/405/410/501 and rows then go one per request.
   */
  batch?: boolean;
  /**
   * Rows claimed per round. Default 50 one request per row; with `batch` on, `maxBatchRows ×
   * concurrency` (400): a round is then a few full batch requests in parallel, and the per-round
   * cost (claim, one transaction, status) is paid per 400 rows, not per 50.
   */
  batchSize?: number;
  /** Most rows in one batch request (the receiver takes up to 500). */
  maxBatchRows?: number;
  /** Lease length in seconds; must exceed the request timeout by more than 2 s. */
  leaseSec?: number;
  /** A request not answered within this is abandoned as a timeout (transient: retried with backoff). */
  requestTimeoutMs?: number;
  /** Synced rows older than this are pruned (pending and dead rows never are). */
  retentionSec?: number;
  /** Seconds with nothing pending, in flight or paused after which the worker thread rests (exits until woken); 0 never rests. */
  idleExitSec?: number;
  /** Crashes within `crashWindowMs` after which the supervisor gives up. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** First restart delay after a crash; doubles per crash in the window. */
  restartDelayMs?: number;
  /** Default flush timeout. */
  flushTimeoutMs?: number;
}

/** Every delivery knob filled in and validated (frozen). */
export type ResolvedDeliveryOptions = Readonly<Required<DeliveryOptions>>;

/** Defaults of every delivery knob. `batchSize` is the per-row default; with `batch` on it is derived (see above). */
export const DELIVERY_DEFAULTS: ResolvedDeliveryOptions = Object.freeze({
  concurrency: 4,
  maxConcurrency: 32,
  batch: true,
  batchSize: 50,
  maxBatchRows: 100,
  leaseSec: 60,
  requestTimeoutMs: 30_000,
  retentionSec: 7 * 24 * 3600,
  idleExitSec: 30,
  maxCrashes: 5,
  crashWindowMs: 5 * 60_000,
  restartDelayMs: 250,
  flushTimeoutMs: 30_000,
});

/** A request must be able to finish (time out at worst) this long before its lease expires. */
export const LEASE_MARGIN_MS = 2_000;

/** A numeric option's rule: integer or not, inclusive range. */
export interface NumberRule {
  integer: boolean;
  min: number;
  max: number;
}

type NumericKnob = Exclude<keyof DeliveryOptions, 'batch'>;

const NUMBER_RULES: Record<NumericKnob, NumberRule> = {
  concurrency: { integer: true, min: 1, max: 256 },
  maxConcurrency: { integer: true, min: 1, max: 256 },
  batchSize: { integer: true, min: 1, max: 1000 },
  maxBatchRows: { integer: true, min: 1, max: 500 },
  leaseSec: { integer: false, min: 1, max: 86_400 },
  requestTimeoutMs: { integer: true, min: 1, max: 600_000 },
  retentionSec: { integer: false, min: 0, max: 10 * 365 * 86_400 },
  idleExitSec: { integer: false, min: 0, max: 86_400 },
  maxCrashes: { integer: true, min: 1, max: 1000 },
  crashWindowMs: { integer: true, min: 1, max: 86_400_000 },
  restartDelayMs: { integer: true, min: 0, max: 3_600_000 },
  flushTimeoutMs: { integer: true, min: 1, max: 86_400_000 },
};

/** The rules of the delivery knobs, for documentation and tests. */
export const DELIVERY_RULES: Readonly<Record<NumericKnob, Readonly<NumberRule>>> = Object.freeze(NUMBER_RULES);

/** How a caller names a field in its messages (`option delivery.leaseSec`, `SyncWorker option "leaseSec"`). */
export type OptionLabel = (field: string) => string;

/** A BAD_OPTION error whose message starts with the field's label. Strings are only measured (one may be a key). */
export function badOptionValue(label: OptionLabel, field: string, expected: string, value: unknown): GradataValidationError {
  return new GradataValidationError('BAD_OPTION', `${label(field)} must be ${expected}, got ${describeValue(value, { hideStrings: true })}`);
}

/** Validates one number against its rule; `undefined` gives `fallback`. */
export function resolveNumberOption(label: OptionLabel, field: string, value: unknown, rule: NumberRule, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badOptionValue(label, field, 'a finite number', value);
  if (rule.integer && !Number.isInteger(value)) throw badOptionValue(label, field, 'an integer', value);
  if (value < rule.min || value > rule.max) throw badOptionValue(label, field, `between ${rule.min} and ${rule.max}`, value);
  return value;
}

/**
 * Validates the delivery knobs present in `options` (other keys are the caller's business), fills
 * the defaults and applies the rules between fields. Each message names the field through `label`.
 */
export function resolveDeliveryOptions(options: DeliveryOptions, label: OptionLabel): ResolvedDeliveryOptions {
  if (options.batch !== undefined && typeof options.batch !== 'boolean') throw badOptionValue(label, 'batch', 'a boolean', options.batch);
  const batch = options.batch ?? DELIVERY_DEFAULTS.batch;
  const numbers = {} as Record<NumericKnob, number>;
  for (const field of Object.keys(NUMBER_RULES) as NumericKnob[]) {
    numbers[field] = resolveNumberOption(label, field, options[field], NUMBER_RULES[field], DELIVERY_DEFAULTS[field]);
  }
  // A caller who pins `concurrency` alone gets it as the ceiling too: it never grows past what was asked.
  if (options.maxConcurrency === undefined && options.concurrency !== undefined) numbers.maxConcurrency = numbers.concurrency;
  // A ceiling alone below the default start lowers the start: `maxConcurrency: 1` means one request at a time.
  if (options.concurrency === undefined) numbers.concurrency = Math.min(numbers.concurrency, numbers.maxConcurrency);
  if (numbers.concurrency > numbers.maxConcurrency) {
    throw new GradataValidationError(
      'BAD_OPTION',
      `${label('concurrency')} (${numbers.concurrency}) must not exceed ${label('maxConcurrency')} (${numbers.maxConcurrency})`,
    );
  }
  if (batch && options.batchSize === undefined) {
    numbers.batchSize = Math.min(NUMBER_RULES.batchSize.max, numbers.maxBatchRows * numbers.concurrency);
  }
  if (numbers.leaseSec * 1000 <= numbers.requestTimeoutMs + LEASE_MARGIN_MS) {
    throw new GradataValidationError(
      'BAD_OPTION',
      `${label('leaseSec')} (${numbers.leaseSec} s) must be longer than ${label('requestTimeoutMs')} (${numbers.requestTimeoutMs} ms) + ` +
        `${LEASE_MARGIN_MS / 1000} s: a request must be able to start and still time out before its lease ends`,
    );
  }
  return Object.freeze({ batch, ...numbers });
}

const DELIVERY_KEYS: ReadonlySet<string> = new Set(Object.keys(DELIVERY_DEFAULTS));

/**
 * Brain's `delivery` option: an object of known knobs. An unknown key is refused rather than
 * ignored, since a misspelt tuning knob would otherwise silently keep its default.
 */
export function resolveBrainDelivery(delivery: unknown): ResolvedDeliveryOptions {
  const label: OptionLabel = (field) => `option delivery.${field}`;
  if (delivery === undefined) return resolveDeliveryOptions({}, label);
  if (delivery === null || typeof delivery !== 'object' || Array.isArray(delivery)) {
    throw new GradataValidationError('BAD_OPTION', `option delivery must be an object, got ${describeValue(delivery, { hideStrings: true })}`);
  }
  for (const key of Object.keys(delivery)) {
    if (DELIVERY_KEYS.has(key)) continue;
    const hint = key === 'tickSec' ? ' (tickSec is a top-level option: new Brain(dir, { tickSec }))' : '';
    throw new GradataValidationError('BAD_OPTION', `option delivery.${key} is not a delivery option${hint}; known: ${[...DELIVERY_KEYS].join(', ')}`);
  }
  return resolveDeliveryOptions(delivery as DeliveryOptions, label);
}
