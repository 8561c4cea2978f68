import { randomUUID } from 'node:crypto';
import type { Database } from './database';
import type { PauseReason } from '../sync/syncer';
import { prepared } from './prepared';

/** Keys of the `meta` table used by the SDK. */
export const MetaKey = {
  brainId: 'brain_id',
  deviceId: 'device_id',
  session: 'current_session',
  legacyWatermark: 'legacy_sync_watermark',
  pausedUntil: 'paused_until',
  pauseReason: 'pause_reason',
  /** Fingerprint of the API key that earned an auth pause (never the key itself). */
  pauseKey: 'pause_key',
  /** Consecutive auth / endpoint pauses, so the doubling (60 s … 1 h) survives a restart. */
  pauseHolds: 'pause_hold_count',
  /** Fingerprint of the key those consecutive pauses were earned with: another key starts at 60 s. */
  pauseHoldsKey: 'pause_hold_key',
} as const;

export function getMeta(db: Database, key: string): string | null {
  const row = prepared(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string | null } | undefined;
  return row?.value ?? null;
}

/** The session new corrections belong to: the stored one when it is a positive integer, else 1. */
export function readSession(db: Database): number {
  const stored = Number(getMeta(db, MetaKey.session));
  return Number.isInteger(stored) && stored > 0 ? stored : 1;
}

/** Set a meta value; `null` deletes the key. */
export function setMeta(db: Database, key: string, value: string | null): void {
  if (value === null) prepared(db, 'DELETE FROM meta WHERE key = ?').run(key);
  else prepared(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Read a meta value, creating it with `create()` once when missing (safe across processes). */
export function getOrCreateMeta(db: Database, key: string, create: () => string): string {
  prepared(db, 'INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(key, create());
  return getMeta(db, key) as string;
}

export interface BrainIdentity {
  brainId: string;
  deviceId: string;
}

/** The brain's UUID and this device's id, created once and never changed. */
export function ensureBrainIdentity(db: Database): BrainIdentity {
  return {
    brainId: getOrCreateMeta(db, MetaKey.brainId, randomUUID),
    deviceId: getOrCreateMeta(db, MetaKey.deviceId, randomUUID),
  };
}

export interface StoredPause {
  /** Epoch seconds. */
  until: number;
  reason: PauseReason;
  /** For an auth pause: the fingerprint of the key that earned it (null when written without one). */
  keyFingerprint: string | null;
}

const PAUSE_REASONS: ReadonlySet<string> = new Set(['rate-limited', 'auth', 'endpoint']);

/**
 * The longest pause the delivery policy ever asks for, per reason (Retry-After is clamped to
 * 15 min, the auth / endpoint doubling to 1 h). A stored pause reaching further than this was
 * written by a clock that was ahead; readers cap it here.
 */
export const PAUSE_MAX_SEC: Readonly<Record<PauseReason, number>> = Object.freeze({ 'rate-limited': 15 * 60, auth: 3600, endpoint: 3600 });

/** The persisted delivery pause, so a restarted process does not hammer a server that asked it to wait. */
export function readPause(db: Database): StoredPause | null {
  const until = Number(getMeta(db, MetaKey.pausedUntil));
  const reason = getMeta(db, MetaKey.pauseReason);
  if (!Number.isFinite(until) || until <= 0 || reason === null || !PAUSE_REASONS.has(reason)) return null;
  const keyFingerprint = reason === 'auth' ? getMeta(db, MetaKey.pauseKey) : null;
  return { until, reason: reason as PauseReason, keyFingerprint };
}

/** `pause.until` capped at `now + PAUSE_MAX_SEC[reason]` (epoch seconds), for readers after a clock step. */
export function cappedPauseUntil(pause: StoredPause, nowSec: number): number {
  return Math.min(pause.until, nowSec + PAUSE_MAX_SEC[pause.reason]);
}

/** Stores a pause; an auth pause records the fingerprint of the key that earned it. */
export function writePause(db: Database, until: number, reason: PauseReason, keyFingerprint: string | null = null): void {
  db.transaction(() => {
    setMeta(db, MetaKey.pausedUntil, String(until));
    setMeta(db, MetaKey.pauseReason, reason);
    setMeta(db, MetaKey.pauseKey, reason === 'auth' ? keyFingerprint : null);
  })();
}

export function clearPause(db: Database): void {
  db.transaction(() => {
    setMeta(db, MetaKey.pausedUntil, null);
    setMeta(db, MetaKey.pauseReason, null);
    setMeta(db, MetaKey.pauseKey, null);
  })();
}

/**
 * Compare-and-clear: ends the stored pause only while it is still the one that ended at `until`
 * (epoch seconds), so a pause another process wrote since it was read is never erased.
 */
export function clearPauseIf(db: Database, until: number): boolean {
  return db.transaction(() => {
    if (Number(getMeta(db, MetaKey.pausedUntil)) !== until) return false;
    clearPause(db);
    return true;
  }).immediate();
}

/** Compare-and-set of the pause end: moves `expected` to `until` only while it is still stored. */
export function replacePauseUntil(db: Database, expected: number, until: number): boolean {
  return db.transaction(() => {
    if (Number(getMeta(db, MetaKey.pausedUntil)) !== expected) return false;
    setMeta(db, MetaKey.pausedUntil, String(until));
    return true;
  }).immediate();
}
