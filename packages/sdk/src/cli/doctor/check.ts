/** One line of `gradata doctor`: what was checked, how it went, and what was found. */
export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Short stable name (`node`, `sqlite-driver`, …), also the key in `--json`. */
  name: string;
  level: CheckLevel;
  /** One line for the human: the finding, and for a warn or fail what to do. */
  detail: string;
  /** Machine-readable facts behind the line (never a secret). */
  data?: Record<string, unknown>;
}

export function ok(name: string, detail: string, data?: Record<string, unknown>): Check {
  return { name, level: 'ok', detail, data };
}

export function warn(name: string, detail: string, data?: Record<string, unknown>): Check {
  return { name, level: 'warn', detail, data };
}

export function fail(name: string, detail: string, data?: Record<string, unknown>): Check {
  return { name, level: 'fail', detail, data };
}

/** The message of whatever was thrown, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
