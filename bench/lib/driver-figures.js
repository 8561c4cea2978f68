// Figure 9 (issue 17): correct() and a drain on each SQLite driver, side by side on this Node.
// Each sample is a fresh process forced to one driver by GRADATA_SQLITE_DRIVER; the drivers
// alternate run by run so machine noise falls on both alike.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { median, fmt } = require('./stats');

const DRIVERS = ['better-sqlite3', 'node:sqlite'];

function sample(driver, ingestUrl, calls, rows) {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'driver-child.js'), ingestUrl, String(calls), String(rows)], {
    env: { ...process.env, GRADATA_SQLITE_DRIVER: driver },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

async function driverFigures(report, { runs, quick, ingestUrl }) {
  const calls = quick ? 1000 : 3000;
  const rows = quick ? 10_000 : 20_000;
  const results = Object.fromEntries(DRIVERS.map((driver) => [driver, []]));
  const unavailable = {};
  for (let run = 0; run < runs; run++) {
    for (const driver of DRIVERS) {
      if (unavailable[driver]) continue;
      const result = sample(driver, ingestUrl, calls, rows);
      if (result.error) unavailable[driver] = result.error;
      else results[driver].push(result);
    }
  }
  const medians = {};
  for (const driver of DRIVERS) {
    if (unavailable[driver]) {
      report(`10 ${driver}`, `not measured on Node ${process.version}: ${unavailable[driver].slice(0, 160)}`, '—', true);
      continue;
    }
    const of = (pick) => median(results[driver].map(pick));
    medians[driver] = {
      correctUs: of((r) => r.correct.p50Us),
      correctCpuUs: of((r) => r.correct.cpuUs),
      rowsPerSec: of((r) => r.drain.rowsPerSec),
      drainCpuUs: of((r) => r.drain.cpuUsPerRow),
      readNs: of((r) => r.micro.seam.readNs),
      writeNs: of((r) => r.micro.seam.writeNs),
      rawReadNs: results[driver][0].micro.raw ? of((r) => r.micro.raw.readNs) : null,
      rawWriteNs: results[driver][0].micro.raw ? of((r) => r.micro.raw.writeNs) : null,
    };
  }
  const [bs3, nodeSqlite] = DRIVERS.map((driver) => medians[driver]);
  for (const driver of DRIVERS) {
    if (!medians[driver]) continue;
    const m = medians[driver];
    report(`10a correct() p50, outbox row written, ${driver}`, `${fmt(m.correctUs)} µs wall, ${fmt(m.correctCpuUs)} µs CPU per call`, '—', true);
    report(`10b drain of ${rows.toLocaleString('en')} rows, ${driver}`, `${fmt(m.rowsPerSec, 0)} rows/s, ${fmt(m.drainCpuUs)} µs CPU per row`, '—', true);
    const raw = m.rawReadNs === null ? '' : ` (DatabaseSync without the seam: ${fmt(m.rawReadNs, 0)} / ${fmt(m.rawWriteNs, 0)} ns)`;
    report(`10d CPU of one indexed read / one upsert, ${driver}`, `${fmt(m.readNs, 0)} / ${fmt(m.writeNs, 0)} ns${raw}`, '—', true);
  }
  if (bs3 && nodeSqlite) {
    report(
      '9c node:sqlite ÷ better-sqlite3',
      `correct() ${fmt(nodeSqlite.correctUs / bs3.correctUs, 2)}× wall, ${fmt(nodeSqlite.correctCpuUs / bs3.correctCpuUs, 2)}× CPU; `
        + `drain ${fmt(nodeSqlite.rowsPerSec / bs3.rowsPerSec, 2)}× the rate, ${fmt(nodeSqlite.drainCpuUs / bs3.drainCpuUs, 2)}× the CPU per row`,
      '—',
      true,
    );
  }
}

module.exports = { driverFigures };
