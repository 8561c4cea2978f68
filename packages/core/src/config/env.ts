/** Environment variables the SDK reads (SPEC §9). */
export const ENV = {
  apiKey: 'GRADATA_API_KEY',
  disableWriteThrough: 'GRADATA_DISABLE_WRITE_THROUGH',
  ingestUrl: 'GRADATA_CLOUD_INGEST_URL',
  apiBase: 'GRADATA_CLOUD_API_BASE',
  tickSec: 'GRADATA_SYNC_TICK_SEC',
  logLevel: 'GRADATA_LOG_LEVEL',
  brain: 'GRADATA_BRAIN',
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

/** 1/true/yes/on in any case and with surrounding spaces. */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}
