// Issue 10's figures: per-row delivery over a slow link (adaptive concurrency), correct() at an
// agent's pace with write-through on ÷ off, and close() against a receiver failing half its requests.
const path = require('node:path');
const fs = require('node:fs');
const { Brain, SyncWorker, openBrainDatabase, queueStats } = require('@gradata/sdk');
const { Brain: LocalBrain } = require('@gradata/core');
const { startReceiver } = require('./receiver');
const { percentile, median, fmt } = require('./stats');
const { silent, tmpBrainDir, pair, fillBacklog } = require('./fixtures');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** 2a-wan: a 2,000-row backlog, one request per row (no batch route), every answer after 50 ms. */
async function wanDrain(ingestUrl) {
  const count = 2000;
  const dir = tmpBrainDir();
  const dbPath = path.join(dir, 'system.db');
  openBrainDatabase(dbPath).close();
  const worker = new SyncWorker({ dbPath, apiKey: 'bench-key', ingestUrl, tickSec: 999, logger: silent });
  worker.start();
  await sleep(1500); // thread up and got loaded: the figure is the drain, not the start-up
  fillBacklog(dir, count);
  let synced = 0;
  const done = new Promise((resolve) => worker.on('synced', ({ count: n }) => { synced += n; if (synced >= count) resolve(); }));
  const start = process.hrtime.bigint();
  worker.nudge();
  await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await worker.stop({ drain: false, timeoutMs: 5000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return count / seconds;
}

/**
 * A syncer that is never told anything: with it, write-through writes every outbox row and nothing
 * delivers them. Figure 9f's middle column: the outbox row's own cost, apart from delivery.
 */
const HELD_SYNCER = () => ({
  start() {},
  nudge() {},
  status: () => ({ worker: 'running', inFlight: 0, lastSyncAt: null, lastError: null, pausedUntil: null, pauseReason: null }),
  flush: async () => ({ delivered: 0, dead: 0, remaining: 0, leasedElsewhere: 0 }),
  stop: async () => ({ delivered: 0, remaining: 0, leasedElsewhere: 0 }),
  setApiKey() {},
  on() {},
});

const PACED_OPTIONS = {
  off: () => ({ writeThrough: false }),
  queued: (ingestUrl) => ({ apiKey: 'bench-key', ingestUrl, syncer: HELD_SYNCER }),
  on: (ingestUrl) => ({ apiKey: 'bench-key', ingestUrl }),
};

/** 1d: correct() at 200/s for `calls` calls; write-through off, on with rows queued only, or on and delivering per row. */
async function paced(mode, ingestUrl, calls) {
  const dir = tmpBrainDir();
  const options = PACED_OPTIONS[mode](ingestUrl);
  const brain = new Brain(dir, { env: {}, homeDir: dir, logger: silent, exitHooks: false, ...options });
  for (let i = 0; i < 200; i++) await brain.correct(...pair(i)); // warm-up
  if (mode === 'on') await brain.flush({ timeoutMs: 10_000 });
  const samples = new Float64Array(calls);
  const start = Date.now();
  for (let i = 0; i < calls; i++) {
    const due = start + i * 5;
    if (due > Date.now()) await sleep(due - Date.now());
    const [draft, final] = pair(i);
    const t0 = process.hrtime.bigint();
    await brain.correct(draft, final);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  await brain.close({ timeoutMs: 10_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** 6c: close({ timeoutMs: 10 s }) with 300 rows pending, the receiver failing half its requests. */
async function halfFailingClose(ingestUrl) {
  const dir = tmpBrainDir();
  const offline = new LocalBrain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl, logger: silent, exitHooks: false });
  for (let i = 0; i < 300; i++) await offline.correct(...pair(i));
  await offline.close();
  const brain = new Brain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl, tickSec: 999, logger: silent, exitHooks: false });
  const start = process.hrtime.bigint();
  const result = await brain.close({ drain: true, timeoutMs: 10_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  const remaining = queueStats(db).pending;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, remaining, reported: result.remaining };
}

async function networkFigures({ runs, quick, report }) {
  const wan = await startReceiver({ batch: false, faults: { latencyMs: 50 } });
  const perRow = await startReceiver({ batch: false });
  const halfFailing = await startReceiver({ batch: false, faults: { failRate: 0.5 } });
  try {
    const rates = [];
    for (let run = 0; run < runs; run++) rates.push(await wanDrain(wan.ingestUrl));
    const rate = median(rates);
    report('2b per-row drain of 2,000 rows over a 50 ms link (no batch route)', `${fmt(rate, 0)} rows/s (runs ${rates.map((r) => fmt(r, 0)).join('/')})`, '≥ 350 rows/s', rate >= 350);

    const calls = quick ? 600 : 1500;
    const on = [];
    const off = [];
    for (let run = 0; run < Math.min(runs, 3); run++) {
      off.push(await paced('off', perRow.ingestUrl, calls));
      on.push(await paced('on', perRow.ingestUrl, calls));
    }
    const p50 = median(on.map((r) => r.p50)) / median(off.map((r) => r.p50));
    const p99 = median(on.map((r) => r.p99)) / median(off.map((r) => r.p99));
    report(
      '1d correct() at 200/s, write-through on ÷ off (per row)',
      `p50 ${fmt(p50, 2)}, p99 ${fmt(p99, 2)} (off p50 ${fmt(median(off.map((r) => r.p50)))} µs p99 ${fmt(median(off.map((r) => r.p99)))} µs; on p50 ${fmt(median(on.map((r) => r.p50)))} µs p99 ${fmt(median(on.map((r) => r.p99)))} µs)`,
      'p50 ≤ 1.10, p99 ≤ 1.5',
      p50 <= 1.1 && p99 <= 1.5,
    );

    const closes = [];
    for (let run = 0; run < runs; run++) closes.push(await halfFailingClose(halfFailing.ingestUrl));
    const ms = median(closes.map((r) => r.ms));
    const left = closes.map((r) => r.remaining);
    report('6c close({timeoutMs:10000}), 300 pending, receiver failing half', `${fmt(ms, 0)} ms, remaining after ${left.join('/')}`, 'all delivered within 10 s', left.every((n) => n === 0) && ms <= 10_000);
  } finally {
    await wan.close();
    await perRow.close();
    await halfFailing.close();
  }
}

module.exports = { networkFigures, paced };
