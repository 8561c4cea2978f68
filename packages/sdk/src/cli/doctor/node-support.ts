import { fail, ok, warn } from './check';
import type { Check } from './check';

/**
 * End of support of each Node release line (Node's release schedule: an even line is supported
 * until April 30 three years after its release; an odd line until June 1 of the next year).
 * Lines the SDK supports (SPEC §16.2) are 20 (better-sqlite3 only) and 22.13+, 24, 26.
 */
const END_OF_LIFE: Readonly<Record<number, string>> = Object.freeze({
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
});

/** The oldest release of a line with `node:sqlite` unflagged, so either driver works. */
const NODE_SQLITE_SINCE = { 22: [22, 13] } as const;

function parseVersion(version: string): [number, number, number] {
  const [major, minor, patch] = version.replace(/^v/, '').split('.').map(Number);
  return [major, minor ?? 0, patch ?? 0];
}

/** The Node line, whether it is still supported, and which SQLite drivers it can run. */
export function checkNode(version: string = process.version, today: Date = new Date()): Check {
  const [major, minor] = parseVersion(version);
  const endOfLife = END_OF_LIFE[major] ?? null;
  const data = { version, line: major, endOfLife };
  if (major < 20) return fail('node', `Node ${version} is too old: the SDK needs Node 22.13+, 24 or 26 (20 with better-sqlite3 only)`, data);
  if (major === 22 && minor < NODE_SQLITE_SINCE[22][1]) {
    return warn('node', `Node ${version} has no node:sqlite (22.13+ does): only better-sqlite3 can run here; upgrade to 22.13+ or 24`, data);
  }
  const today10 = today.toISOString().slice(0, 10);
  if (endOfLife === null) return ok('node', `Node ${version} (a line newer than this SDK release knows)`, data);
  if (endOfLife <= today10) {
    const only = major === 20 ? '; better-sqlite3 only (no node:sqlite)' : '';
    return warn('node', `Node ${version}: out of support since ${endOfLife}${only}; upgrade to Node 24`, data);
  }
  return ok('node', `Node ${version}, supported until ${endOfLife}`, data);
}
