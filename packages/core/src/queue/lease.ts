import type { Database } from '../storage/database';
import { prepared } from '../storage/prepared';
import { MAX_ERROR_CHARS, nowSeconds } from './types';
import { countLeased, pendingCount } from './maintenance';
import type { ClaimedRow, QueueKind } from './types';
import { formatLeaseOwner, isProcessAlive, localLeaseScope, parseLeaseOwner } from './owner-identity';

export { isLiveLocalOwner, isProcessAlive, localLeaseScope, parseLeaseOwner, processStartTicks } from './owner-identity';
export type { LeaseOwnerIdentity } from './owner-identity';

/*
 * The worker side of the outbox. A claim stamps rows with a lease (owner + expiry); every later
 * mark is guarded by id AND lease_owner, so a worker whose lease expired and was taken over can
 * never overwrite the new owner's outcome.
 */

export interface ClaimOptions {
  /** See `leaseOwnerId`. */
  owner: string;
  limit?: number;
  leaseSec?: number;
  now?: number;
  /** Drain mode: attempt rows even when their backoff has not elapsed. */
  ignoreBackoff?: boolean;
  /** Only rows with a larger id: lets a drain attempt every row once, in order. */
  afterId?: number;
}

/*
 * Two claims, each served by an index so a round touches only the rows it takes (plus leased rows
 * it skips), however many rows the outbox holds: the loop's claim walks `idx_sync_queue_due`
 * (pending rows in order of when they are due: a fresh row when enqueued, a retried one when its
 * backoff ends) and stops at the first row not yet due; a drain walks pending rows by id.
 * INDEXED BY, because the planner otherwise prefers the Python SDK's `idx_sync_queue_pending`
 * and sorts every pending row in a temp B-tree. A leased row is never claimed here, whatever its
 * `lease_until` says against this process's clock: a lease ends when its owner lets it go, or when
 * a LeaseWatch (lease-watch.ts) or the orphan reclaim frees it.
 */
const CLAIM_DUE_SQL = `
  UPDATE sync_queue SET lease_owner = @owner, lease_until = @leaseUntil
  WHERE id IN (
    SELECT id FROM sync_queue INDEXED BY idx_sync_queue_due
    WHERE synced_at IS NULL
      AND COALESCE(next_attempt_at, enqueued_at) <= @now
      AND lease_until IS NULL
      AND id > @afterId
    ORDER BY COALESCE(next_attempt_at, enqueued_at)
    LIMIT @limit)
  RETURNING id, kind, event_id, payload_json, attempts, enqueued_at`;

const CLAIM_IN_ORDER_SQL = `
  UPDATE sync_queue SET lease_owner = @owner, lease_until = @leaseUntil
  WHERE id IN (
    SELECT id FROM sync_queue
    WHERE synced_at IS NULL
      AND id > @afterId
      AND lease_until IS NULL
    ORDER BY id
    LIMIT @limit)
  RETURNING id, kind, event_id, payload_json, attempts, enqueued_at`;

/*
 * The same choice of rows as each claim, read only (LIMIT 1, the same index): in WAL mode a read
 * takes no write lock, so a round with nothing to claim (an idle worker, every row backing off or
 * leased) never opens a write transaction that the agent's correct() would have to wait behind.
 */
const HAS_DUE_SQL = `
  SELECT 1 FROM sync_queue INDEXED BY idx_sync_queue_due
  WHERE synced_at IS NULL
    AND COALESCE(next_attempt_at, enqueued_at) <= @now
    AND lease_until IS NULL
    AND id > @afterId
  ORDER BY COALESCE(next_attempt_at, enqueued_at)
  LIMIT 1`;

const HAS_ANY_IN_ORDER_SQL = `
  SELECT 1 FROM sync_queue
  WHERE synced_at IS NULL
    AND id > @afterId
    AND lease_until IS NULL
  ORDER BY id
  LIMIT 1`;

/**
 * Claim up to `limit` due rows under a lease (earliest due first; drain: oldest first), in one
 * statement; with nothing to claim, returns [] after a read alone (no write lock taken).
 */
export function claimDueRows(db: Database, options: ClaimOptions): ClaimedRow[] {
  const now = options.now ?? nowSeconds();
  const params = {
    owner: options.owner,
    leaseUntil: now + (options.leaseSec ?? 60),
    now,
    afterId: options.afterId ?? 0,
    limit: options.limit ?? 50,
  };
  const probe = prepared(db, options.ignoreBackoff ? HAS_ANY_IN_ORDER_SQL : HAS_DUE_SQL);
  if (probe.get({ now, afterId: params.afterId }) === undefined) return [];
  const statement = prepared(db, options.ignoreBackoff ? CLAIM_IN_ORDER_SQL : CLAIM_DUE_SQL);
  const rows = db.transaction(() => statement.all(params)).immediate() as Array<{
    id: number;
    kind: QueueKind;
    event_id: string | null;
    payload_json: string;
    attempts: number | null;
    enqueued_at: number;
  }>;
  return rows
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      eventId: row.event_id,
      payloadJson: row.payload_json,
      attempts: row.attempts ?? 0,
      enqueuedAt: row.enqueued_at,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Mark leased rows delivered; returns how many this owner still held. */
export function ackSynced(db: Database, owner: string, ids: readonly number[], options: { status?: number; now?: number } = {}): number {
  if (ids.length === 0) return 0;
  return prepared(
    db,
    `UPDATE sync_queue SET synced_at = ?, last_status = ?, lease_owner = NULL, lease_until = NULL
     WHERE +lease_owner = ? AND synced_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  ).run(options.now ?? nowSeconds(), options.status ?? null, owner, JSON.stringify(ids)).changes;
}

export interface RetryMark {
  error: string;
  status?: number | null;
  /** Epoch seconds. */
  nextAttemptAt: number;
}

/** A transient failure: attempts + 1, back off until `nextAttemptAt`, lease released. */
export function scheduleRetry(db: Database, owner: string, id: number, mark: RetryMark): number {
  return prepared(
    db,
    `UPDATE sync_queue SET attempts = COALESCE(attempts, 0) + 1, last_error = ?, last_status = ?, next_attempt_at = ?,
       lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lease_owner = ? AND synced_at IS NULL`,
  ).run(mark.error.slice(0, MAX_ERROR_CHARS), mark.status ?? null, mark.nextAttemptAt, id, owner).changes;
}

/** A permanent failure: dead_at and synced_at set (so "pending = synced_at IS NULL" still holds). */
export function markDead(db: Database, owner: string, id: number, mark: { error: string; status?: number | null; now?: number }): number {
  const now = mark.now ?? nowSeconds();
  return prepared(
    db,
    `UPDATE sync_queue SET attempts = COALESCE(attempts, 0) + 1, last_error = ?, last_status = ?, dead_at = ?, synced_at = ?,
       lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lease_owner = ? AND synced_at IS NULL`,
  ).run(mark.error.slice(0, MAX_ERROR_CHARS), mark.status ?? null, now, now, id, owner).changes;
}

/** Give rows back untouched (attempts unchanged); all of the owner's leases when `ids` is omitted. */
export function releaseLeases(db: Database, owner: string, ids?: readonly number[]): number {
  if (ids === undefined) {
    return prepared(db, 'UPDATE sync_queue SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?').run(owner).changes;
  }
  if (ids.length === 0) return 0;
  return prepared(
    db,
    `UPDATE sync_queue SET lease_owner = NULL, lease_until = NULL
     WHERE +lease_owner = ? AND id IN (SELECT value FROM json_each(?))`,
  ).run(owner, JSON.stringify(ids)).changes;
}

/** A lease owner id that records the process, its host, pid namespace, boot and start time (see owner-identity.ts). */
export function leaseOwnerId(randomId: string, pid: number, host: string): string {
  return formatLeaseOwner(randomId, pid, host);
}

/**
 * Free leases held by processes known to be gone: same host, same pid namespace and boot (so the
 * pid means the same process), and that pid no longer exists or was reused. Any doubt — another
 * namespace or boot, an owner id without them, a platform that cannot tell — leaves the lease to a LeaseWatch.
 */
export function reclaimOrphanedLeases(
  db: Database,
  /** `now` is accepted for older callers and not used: no clock decides who holds a lease. */
  options: { host: string; isAlive?: (pid: number, startTicks: string | null) => boolean; scope?: string | null; now?: number },
): number {
  const scope = options.scope === undefined ? localLeaseScope() : options.scope;
  if (scope === null) return 0;
  const isAlive = options.isAlive ?? isProcessAlive;
  const owners = prepared(
    db,
    // `+synced_at`: walk the lease index (rows in flight only), not every pending row. No clock in
    // the choice: a lease that looks expired to this process may still be held by a live one.
    'SELECT DISTINCT lease_owner AS owner FROM sync_queue WHERE +synced_at IS NULL AND lease_owner IS NOT NULL',
  ).all() as Array<{ owner: string }>;
  let freed = 0;
  for (const { owner } of owners) {
    const parsed = parseLeaseOwner(owner);
    if (parsed && parsed.host === options.host && parsed.scope === scope && !isAlive(parsed.pid, parsed.startTicks)) {
      freed += releaseLeases(db, owner);
    }
  }
  return freed;
}

/**
 * Heals times written by a clock that was ahead and has since been stepped back: a backoff end
 * further from now than the policy ever sets (`maxBackoffSec`) is cut back to now + that maximum,
 * and a row never attempted whose `enqueued_at` is that far ahead (how the Python SDK, or this one
 * on a clock that was ahead, writes a fresh row: `next_attempt_at` NULL) becomes due now. So a
 * day-long clock error cannot become a day-long stall. Leases need no healing: no process reads
 * `lease_until` as a deadline (see LeaseWatch). Returns how many rows were changed.
 */
export function capFutureTimes(
  db: Database,
  /** `maxLeaseSec` is accepted for older callers and not used (leases need no healing). */
  options: { maxBackoffSec: number; maxLeaseSec?: number; now?: number },
): number {
  const now = options.now ?? nowSeconds();
  const params = { now, backoffLimit: now + options.maxBackoffSec };
  // Read from idx_sync_queue_due's range beyond the limit only (rows backing off for less are never
  // read): this runs every few seconds beside a backlog of any size. It is first asked read-only
  // (LIMIT 1), so the usual case, nothing to heal, takes no write lock at all.
  const beyond = prepared(
    db,
    `SELECT 1 FROM sync_queue INDEXED BY idx_sync_queue_due
     WHERE synced_at IS NULL AND COALESCE(next_attempt_at, enqueued_at) > @backoffLimit LIMIT 1`,
  ).get({ backoffLimit: params.backoffLimit });
  if (beyond === undefined) return 0;
  return db.transaction(() => prepared(
    db,
    `UPDATE sync_queue INDEXED BY idx_sync_queue_due
     SET next_attempt_at = CASE WHEN next_attempt_at IS NULL THEN @now ELSE @backoffLimit END
     WHERE synced_at IS NULL AND COALESCE(next_attempt_at, enqueued_at) > @backoffLimit`,
  ).run(params).changes).immediate();
}

/**
 * When the next unleased pending row becomes claimable (epoch seconds): its backoff end. 0 or less
 * than now means due now; null means no unleased row is pending. Leased rows come back when their
 * owner lets them go or a LeaseWatch frees them: ask the watch when that can be. (`_now` is
 * accepted for older callers: the answer no longer depends on the clock.)
 */
export function nextDueAt(db: Database, _now?: number): number | null {
  // One index probe: the first unleased row in due order (leased rows it skips are only those in flight).
  const free = prepared(
    db,
    `SELECT COALESCE(next_attempt_at, enqueued_at) AS due FROM sync_queue INDEXED BY idx_sync_queue_due
     WHERE synced_at IS NULL AND lease_until IS NULL
     ORDER BY COALESCE(next_attempt_at, enqueued_at) LIMIT 1`,
  ).get() as { due: number } | undefined;
  return free?.due ?? null;
}

/** Pending rows leased by owners other than `owner` (other processes' rows in flight, or stuck). */
export function countLeasedElsewhere(db: Database, owner: string): number {
  return countLeased(db, owner);
}

/** What a flush or close reports as left: pending rows, and of those the ones held by owners other than `owner` ('' = any). */
export function rowsLeft(db: Database, owner = ''): { remaining: number; leasedElsewhere: number } {
  return { remaining: pendingCount(db), leasedElsewhere: countLeased(db, owner) };
}
