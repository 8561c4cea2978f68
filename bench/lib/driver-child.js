// One driver's figures in a fresh process (GRADATA_SQLITE_DRIVER chooses it): correct() p50 with
// the outbox row written (no worker), and a drain of a backlog through a real SyncWorker thread.
'use strict';
require('./better-sqlite3-from');
const fs = require('node:fs');
const path = require('node:path');
const { Brain: LocalBrain, sqliteDriver } = require('@gradata/core');
const { SyncWorker, openBrainDatabase } = require('@gradata/sdk');
const { percentile } = require('./stats');
const { silent, tmpBrainDir, pair, fillBacklog, untilSynced, stopAndCheckDrained } = require('./fixtures');

const [ingestUrl, callsArg, rowsArg] = process.argv.slice(2);

/** correct() wall p50 and CPU per call, in µs. */
async function correctFigures(calls) {
  const dir = tmpBrainDir();
  const brain = new LocalBrain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl, logger: silent, exitHooks: false });
  for (let i = 0; i < 300; i++) await brain.correct(...pair(i)); // warm-up
  const samples = new Float64Array(calls);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const [draft, final] = pair(i);
    const start = process.hrtime.bigint();
    await brain.correct(draft, final);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  const cpuUs = cpuMicros(process.cpuUsage(cpuBefore)) / calls;
  await brain.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { p50Us: percentile(samples, 50), cpuUs };
}

/** CPU of the whole process (every thread): on a busy machine it moves far less than wall time. */
function cpuMicros(usage) {
  return usage.user + usage.system;
}

/** Drain rate (rows/s, wall) and the process's CPU per delivered row (µs, both threads). */
async function drainFigures(rows) {
  const dir = tmpBrainDir();
  const dbPath = path.join(dir, 'system.db');
  fillBacklog(dir, rows);
  const worker = new SyncWorker({ dbPath, apiKey: 'bench-key', ingestUrl, tickSec: 999, logger: silent });
  const done = untilSynced(worker, rows);
  const start = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  worker.start(); // the thread drains the backlog at once; its ~0.2 s start-up is the same for both drivers
  await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuUsPerRow = cpuMicros(process.cpuUsage(cpuBefore)) / rows;
  await stopAndCheckDrained(worker, dir, dbPath);
  return { rowsPerSec: rows / seconds, cpuUsPerRow };
}

/**
 * Where the time goes: CPU ns per call of one indexed read and of one upsert (inside a transaction), through the seam,
 * and for node:sqlite also straight on DatabaseSync, which separates the adapter's cost from the driver's.
 */
function perCallNs(db, calls) {
  const read = db.prepare('SELECT value FROM meta WHERE key = ?');
  const write = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const time = (fn) => {
    for (let i = 0; i < 2000; i++) fn(i); // warm-up
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn(i);
    return (cpuMicros(process.cpuUsage(cpuBefore)) * 1000) / calls;
  };
  db.exec('BEGIN');
  const writeNs = time((i) => write.run(`k${i % 100}`, `v${i}`));
  db.exec('COMMIT');
  const readNs = time((i) => read.get(`k${i % 100}`));
  return { readNs, writeNs };
}

function microFigures(driverName, calls) {
  const dir = tmpBrainDir();
  const file = path.join(dir, 'system.db');
  const db = openBrainDatabase(file);
  const seam = perCallNs(db, calls);
  db.close();
  let raw = null;
  if (driverName === 'node:sqlite') {
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const direct = new DatabaseSync(file);
    raw = perCallNs(direct, calls);
    direct.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { seam, raw };
}

// The SDK never holds a process open (its thread and port are unref()ed): this timer does, until the figures are out.
const keepAlive = setInterval(() => {}, 1000);

(async () => {
  const driver = sqliteDriver();
  const correct = await correctFigures(Number(callsArg));
  const drain = await drainFigures(Number(rowsArg));
  const micro = microFigures(driver.name, 50_000);
  process.stdout.write(JSON.stringify({ driver: driver.name, correct, drain, micro }));
})().catch((error) => {
  process.stdout.write(JSON.stringify({ error: `${error.code ?? error.name}: ${error.message}` }));
}).finally(() => clearInterval(keepAlive));
