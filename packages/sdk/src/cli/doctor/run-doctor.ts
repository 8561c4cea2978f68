import { fail, messageOf, ok } from './check';
import type { Check } from './check';
import { checkBrainDatabase, checkFolder } from './brain-checks';
import { checkEndpoint, checkIngest, checkKey } from './delivery-checks';
import { checkNode } from './node-support';
import { driverReport, sqliteVersion } from './sqlite';
import type { ResolvedConfig } from '@gradata/core';

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

/** Which SQLite driver runs and why; then SQLite's version (only when a driver loads). */
function checkSqlite(): Check[] {
  const driver = driverReport();
  if (driver.name === null) {
    const error = driver.error ?? { code: 'SQLITE_UNAVAILABLE', message: driver.reason };
    return [fail('sqlite-driver', `[${error.code}] ${error.message}`, { driver: null, reason: driver.reason })];
  }
  const checks = [ok('sqlite-driver', `${driver.name}: ${driver.reason}`, { driver: driver.name, reason: driver.reason, forced: driver.forced })];
  try {
    const version = sqliteVersion();
    checks.push(ok('sqlite-version', `SQLite ${version}`, { version }));
  } catch (error) {
    checks.push(fail('sqlite-version', `cannot query SQLite: ${messageOf(error)}`));
  }
  return checks;
}

/**
 * Every check of `gradata doctor` in display order. The brain's database is read only when a
 * driver loads; the endpoint is asked last (the only check that leaves the machine).
 */
export async function runDoctor(dir: string, config: Readonly<ResolvedConfig>, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const checks: Check[] = [checkNode()];
  const sqlite = checkSqlite();
  checks.push(...sqlite, checkFolder(dir));
  if (sqlite[0].level !== 'fail') checks.push(...checkBrainDatabase(dir));
  checks.push(checkKey(config, env));
  const ingest = checkIngest(config, env);
  checks.push(ingest.check);
  if (ingest.check.level !== 'fail') checks.push(await checkEndpoint(config, ingest.proxyUrl));
  return { ok: checks.every((check) => check.level !== 'fail'), checks };
}
