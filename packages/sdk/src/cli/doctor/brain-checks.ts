import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION, brainDatabasePath, cappedPauseUntil, queueStats, readPause } from '@gradata/core';
import { formatDuration, formatTime } from '../output';
import { fail, messageOf, ok, warn } from './check';
import type { Check } from './check';
import { openReadOnly } from './sqlite';
import type { BrainDatabase } from '@gradata/core';

/** Below this much free space a warn; below the second a fail (SQLite needs room for its WAL). */
const LOW_DISK_MB = 500;
const FULL_DISK_MB = 20;
/** A pending row older than this means delivery is not keeping up (or not running). */
const STALE_BACKLOG_SEC = 3600;

/** The folder itself, or the nearest ancestor that exists (where `gradata init` would create it). */
function nearestExisting(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** Writable (by creating and removing a file, as SQLite would) and free disk space. */
export function checkFolder(dir: string): Check {
  const exists = fs.existsSync(dir);
  const probeDir = nearestExisting(dir);
  const data: Record<string, unknown> = { dir, exists };
  try {
    const probe = path.join(probeDir, `.gradata-doctor-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    return fail('brain-folder', `${probeDir} is not writable: ${messageOf(error)}`, data);
  }
  let freeMb: number;
  try {
    const stats = fs.statfsSync(probeDir);
    freeMb = Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
  } catch (error) {
    return warn('brain-folder', `${probeDir} is writable; its free space cannot be read: ${messageOf(error)}`, data);
  }
  data.freeMb = freeMb;
  const where = exists ? dir : `${dir} (not created yet; ${probeDir} is writable)`;
  if (freeMb < FULL_DISK_MB) return fail('brain-folder', `${where}: only ${freeMb} MB free; SQLite cannot commit on a full disk`, data);
  if (freeMb < LOW_DISK_MB) return warn('brain-folder', `${where}: writable, only ${freeMb} MB free`, data);
  return ok('brain-folder', `${where}: writable, ${freeMb} MB free`, data);
}

/** The brain's checks that read its database: schema, backlog, dead rows, pause. */
export function checkBrainDatabase(dir: string, now: number = Date.now()): Check[] {
  const file = brainDatabasePath(dir);
  if (!fs.existsSync(file)) {
    const none = { brain: false };
    return [
      warn('schema', `no brain at ${dir} yet (\`gradata init\` or the first new Brain() creates it)`, none),
      ok('backlog', 'nothing queued (no brain yet)', none),
      ok('dead', 'no dead rows (no brain yet)', none),
      ok('pause', 'not paused (no brain yet)', none),
    ];
  }
  let db: BrainDatabase;
  try {
    db = openReadOnly(file);
  } catch (error) {
    return [fail('schema', `cannot open ${file}: ${messageOf(error)}`)];
  }
  try {
    const schema = checkSchema(db);
    if (schema.level !== 'ok') return [schema];
    return [schema, ...checkQueue(db, now)];
  } catch (error) {
    return [fail('schema', `cannot read ${file}: ${messageOf(error)}`)];
  } finally {
    db.close();
  }
}

function checkSchema(db: BrainDatabase): Check {
  const hasTable = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get() as { n: number };
  const version = hasTable.n ? ((db.prepare('SELECT MAX(id) AS v FROM migrations').get() as { v: number | null }).v ?? 0) : 0;
  const data = { version, expected: SCHEMA_VERSION };
  if (version > SCHEMA_VERSION) {
    return fail('schema', `version ${version} is newer than this SDK knows (${SCHEMA_VERSION}): a newer release wrote it; upgrade @gradata/sdk`, data);
  }
  if (version < SCHEMA_VERSION) {
    return warn('schema', `version ${version}, this SDK migrates it to ${SCHEMA_VERSION} on the next open (doctor never writes)`, data);
  }
  return ok('schema', `version ${version} (current)`, data);
}

function checkQueue(db: BrainDatabase, now: number): Check[] {
  const stats = queueStats(db);
  const checks: Check[] = [];
  const ageSec = stats.oldestPendingAt === null ? null : Math.max(0, now / 1000 - stats.oldestPendingAt);
  const backlog = { pending: stats.pending, failing: stats.failing, inFlight: stats.inFlight, oldestPendingAgeSec: ageSec };
  const oldest = ageSec === null ? '' : `, oldest ${formatDuration(ageSec * 1000)} old`;
  const line = `${stats.pending} pending (${stats.failing} failing, ${stats.inFlight} in flight)${oldest}`;
  if (stats.failing > 0 || (ageSec !== null && ageSec > STALE_BACKLOG_SEC)) {
    checks.push(warn('backlog', `${line}: delivery is not keeping up (\`gradata status\` shows the last error, \`gradata sync\` drains now)`, backlog));
  } else {
    checks.push(ok('backlog', line, backlog));
  }
  checks.push(
    stats.dead > 0
      ? warn('dead', `${stats.dead} dead rows the cloud refused (\`gradata dead list\`, then \`dead retry\` or \`dead purge\`)`, { dead: stats.dead })
      : ok('dead', 'no dead rows', { dead: 0 }),
  );
  const pause = readPause(db);
  const until = pause === null ? null : cappedPauseUntil(pause, now / 1000) * 1000;
  if (pause === null || until === null || until <= now) {
    checks.push(ok('pause', 'not paused', { paused: false }));
  } else {
    checks.push(warn('pause', `delivery paused (${pause.reason}) until ${formatTime(until, now)}`, { paused: true, reason: pause.reason, until }));
  }
  return checks;
}
