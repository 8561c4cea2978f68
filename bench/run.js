#!/usr/bin/env node
// npm run bench — the SPEC §14 figures, each a median over several runs in this one process.
// Usage: node bench/run.js [--quick] [--only=hot,block,drain,latency,close,require,growth,network,driver,weight]
// Figure 10 (driver) on Node 22+: set GRADATA_BENCH_BETTER_SQLITE3 to a better-sqlite3 built for that Node (lib/better-sqlite3-from.js).
//   [--weight=rss,cpu,paced] picks parts of the weight figures (all by default).
require('./lib/better-sqlite3-from');
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { Brain, SyncWorker, openBrainDatabase } = require('@gradata/sdk');
const { Brain: LocalBrain } = require('@gradata/core');
const { startReceiver } = require('./lib/receiver');
const { percentile, median, fmt } = require('./lib/stats');
const { silent, tmpBrainDir, pair, untilSynced, stopAndCheckDrained } = require('./lib/fixtures');
const { requireTime } = require('./lib/require-time');
const { growthFigures } = require('./lib/growth');
const { eventLoopBlockFigures, analysisFigure } = require('./lib/event-loop-block');
const { networkFigures } = require('./lib/network');
const { driverFigures } = require('./lib/driver-figures');
const { weightFigures } = require('./lib/weight');

const QUICK = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null; // e.g. --only=hot,drain,latency,close
const wanted = (name) => ONLY === null || ONLY.has(name);
const weightArg = process.argv.find((a) => a.startsWith('--weight='));
const WEIGHT_PARTS = weightArg ? new Set(weightArg.slice(9).split(',')) : null;
const RUNS = QUICK ? 2 : 5;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = [];
const report = (figure, measured, target, pass) => {
  rows.push({ figure, measured, target, pass: pass ? 'yes' : 'NO' });
  console.error(`  ${figure}: ${measured}`);
};

/**
 * Figure 1: correct() on a ~300-character pair with write-through off, on (worker delivering while
 * it runs), and "queued": the outbox row written with no worker running (the core Brain without a
 * syncer), which separates the cost of the row itself from the worker competing for the two cores.
 */
async function hotPath(ingestUrl) {
  const calls = QUICK ? 1000 : 3000;
  const modes = {
    off: () => ({ writeThrough: false }),
    on: () => ({ apiKey: 'bench-key', ingestUrl }),
    queued: () => ({ apiKey: 'bench-key', ingestUrl }),
  };
  const results = { off: [], on: [], queued: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const mode of Object.keys(modes)) {
      const dir = tmpBrainDir();
      const BrainClass = mode === 'queued' ? LocalBrain : Brain;
      const brain = new BrainClass(dir, { env: {}, homeDir: dir, logger: silent, exitHooks: false, ...modes[mode]() });
      for (let i = 0; i < 300; i++) await brain.correct(...pair(i)); // warm-up
      const samples = new Float64Array(calls);
      for (let i = 0; i < calls; i++) {
        const [draft, final] = pair(i);
        const start = process.hrtime.bigint();
        await brain.correct(draft, final);
        samples[i] = Number(process.hrtime.bigint() - start) / 1000;
      }
      await brain.close({ timeoutMs: 10_000 });
      fs.rmSync(dir, { recursive: true, force: true });
      results[mode].push({ p50: percentile(samples, 50), p99: percentile(samples, 99) });
    }
  }
  const p50 = (mode) => median(results[mode].map((r) => r.p50));
  const p99 = (mode) => median(results[mode].map((r) => r.p99));
  const ratio = p50('on') / p50('off');
  const queuedRatio = p50('queued') / p50('off');
  report('1a correct() p50, write-through off', `${fmt(p50('off'))} µs (p99 ${fmt(p99('off'))} µs)`, '≤ 150 µs', p50('off') <= 150);
  report('1b correct() p50, write-through on', `${fmt(p50('on'))} µs (p99 ${fmt(p99('on'))} µs)`, '≤ 150 µs', p50('on') <= 150);
  report('1c write-through on ÷ off (p50)', `${fmt(ratio, 2)} (outbox row only, no worker running: ${fmt(queuedRatio, 2)})`, '≤ 1.10', ratio <= 1.1);
}

/**
 * Drain a backlog with a real worker. The worker starts idle on an empty brain (its thread start-up
 * cost is reported apart), the backlog is written by another process, then a nudge starts the drain:
 * rows/s, event-loop p99 and RSS growth all cover the drain itself.
 */
async function drain(ingestUrl, count) {
  const dir = tmpBrainDir();
  const dbPath = path.join(dir, 'system.db');
  openBrainDatabase(dbPath).close();
  const rssBeforeStart = process.memoryUsage().rss;
  const worker = new SyncWorker({ dbPath, apiKey: 'bench-key', ingestUrl, tickSec: 999, logger: silent });
  worker.start();
  await sleep(1500); // thread up, got imported, first (empty) round done
  execFileSync(process.execPath, [path.join(__dirname, 'lib', 'fill-child.js'), dir, String(count)]);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const done = untilSynced(worker, count);
  loop.enable();
  const start = process.hrtime.bigint();
  worker.nudge();
  await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  loop.disable();
  clearInterval(sampler);
  await stopAndCheckDrained(worker, dir, dbPath);
  return {
    rowsPerSec: count / seconds,
    loopP99Ms: loopDelayMs(loop, 99),
    rssGrowthMb: (rssPeak - rssBefore) / 2 ** 20,
    threadStartMb: (rssBefore - rssBeforeStart) / 2 ** 20,
  };
}

const LOOP_RESOLUTION_MS = 5;

/** Node's histogram records the whole interval between samples; the delay is what exceeds the resolution. */
function loopDelayMs(histogram, p) {
  return Math.max(0, histogram.percentile(p) / 1e6 - LOOP_RESOLUTION_MS);
}

/** Event-loop delay p99 of this process doing nothing for `ms`: the machine's own scheduling noise. */
async function idleLoopP99(ms) {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  await sleep(ms);
  loop.disable();
  return loopDelayMs(loop, 99);
}

async function drainFigures(ingestUrl) {
  const idleP99 = await idleLoopP99(3000);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await drain(ingestUrl, 20_000));
  const rate = median(runs.map((r) => r.rowsPerSec));
  const loopP99 = median(runs.map((r) => r.loopP99Ms));
  report('2 drain of a 20,000-row backlog', `${fmt(rate, 0)} rows/s`, '≥ 15,000 rows/s', rate >= 15000);
  report('4 main-thread event-loop delay p99 during drain', `${fmt(loopP99, 2)} ms (same process idle: ${fmt(idleP99, 2)} ms)`, '≤ 10 ms', loopP99 <= 10);
  const bigRuns = [];
  for (let run = 0; run < Math.min(RUNS, 3); run++) bigRuns.push(await drain(ingestUrl, QUICK ? 40_000 : 100_000));
  const big = { rssGrowthMb: median(bigRuns.map((r) => r.rssGrowthMb)) };
  const small = median(runs.map((r) => r.rssGrowthMb));
  const threadStart = median(runs.map((r) => r.threadStartMb));
  report('5 RSS growth draining 100,000 rows', `${fmt(big.rssGrowthMb)} MB (20,000 rows: ${fmt(small)} MB; starting the idle worker thread: ${fmt(threadStart)} MB)`, '≤ 40 MB', big.rssGrowthMb <= 40);
}

/** Figure 3: correct() → stored by the receiver, at 100 corrections/s. */
async function latency(receiver) {
  const perRun = QUICK ? 300 : 1000;
  const p50s = [];
  const p99s = [];
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const dir = tmpBrainDir();
    const brain = new Brain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl: receiver.ingestUrl, logger: silent, exitHooks: false });
    // Steady state: the thread's start-up (spawn + loading got, ~200 ms) is not part of this figure.
    await brain.correct('warm-up draft text', 'warm-up final text');
    await brain.flush({ timeoutMs: 10_000 });
    const committedAt = new Map();
    const start = Date.now();
    for (let i = 0; i < perRun; i++) {
      const due = start + i * 10;
      if (due > Date.now()) await sleep(due - Date.now());
      const r = await brain.correct(...pair(i));
      committedAt.set(r.eventId, Date.now());
    }
    await brain.flush({ timeoutMs: 30_000 });
    const { received } = await receiver.ask('received', { brainId: brain.brainId });
    await brain.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const latencies = [...committedAt].map(([id, at]) => received[id] - at);
    if (latencies.some((l) => Number.isNaN(l))) throw new Error('a correction never reached the receiver');
    p50s.push(percentile(latencies, 50));
    p99s.push(percentile(latencies, 99));
  }
  const p50 = median(p50s);
  const p99 = median(p99s);
  report('3 correct() → received at 100/s', `p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms`, 'p50 ≤ 25 ms, p99 ≤ 100 ms', p50 <= 25 && p99 <= 100);
}

/**
 * Figure 6: close() with a real backlog of 1,000 pending rows (written before the worker exists),
 * to a healthy receiver and to one that never answers. The time includes the thread's start-up.
 */
async function closeFigures(ingestUrl, silentUrl) {
  const healthy = [];
  const hung = [];
  for (let run = 0; run < RUNS; run++) {
    for (const [url, into, timeoutMs] of [[ingestUrl, healthy, 5000], [silentUrl, hung, 1000]]) {
      const dir = tmpBrainDir();
      const offline = new LocalBrain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl: url, logger: silent, exitHooks: false });
      for (let i = 0; i < 1000; i++) await offline.correct(...pair(i));
      await offline.close();
      const brain = new Brain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl: url, tickSec: 999, logger: silent, exitHooks: false });
      const pendingAtClose = brain.syncStatus().pending;
      const start = process.hrtime.bigint();
      const result = await brain.close({ drain: true, timeoutMs });
      into.push({ ms: Number(process.hrtime.bigint() - start) / 1e6, pendingAtClose, ...result });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const healthyMs = median(healthy.map((r) => r.ms));
  const hungMs = median(hung.map((r) => r.ms));
  const pendingAtClose = median(healthy.map((r) => r.pendingAtClose));
  report('6a close() with 1,000 pending, healthy receiver', `${fmt(healthyMs, 0)} ms (pending at close ${pendingAtClose}, remaining after ${healthy.map((r) => r.remaining).join('/')})`, '< 1,000 ms', healthyMs < 1000);
  report('6b close({timeoutMs:1000}), receiver never answers', `${fmt(hungMs, 0)} ms (max ${fmt(Math.max(...hung.map((r) => r.ms)), 0)})`, '≤ 1,200 ms', hungMs <= 1200);
}

(async () => {
  console.error(`gradata bench: ${RUNS} runs per figure, node ${process.version}, ${require('node:os').cpus().length} cores`);
  const receiver = await startReceiver();
  const hungReceiver = await startReceiver({ faults: { neverRespond: true } });
  try {
    if (wanted('hot')) await hotPath(receiver.ingestUrl);
    if (wanted('block')) { analysisFigure(report, QUICK ? 2000 : 10_000); await eventLoopBlockFigures(report, RUNS); }
    if (wanted('drain')) await drainFigures(receiver.ingestUrl);
    if (wanted('latency')) await latency(receiver);
    if (wanted('close')) await closeFigures(receiver.ingestUrl, hungReceiver.ingestUrl);
    if (wanted('require')) {
      const r = requireTime({ runs: QUICK ? 5 : 15 });
      report("7 require('@gradata/sdk') cold", `${fmt(r.wallMs, 1)} ms wall, ${fmt(r.cpuMs, 1)} ms CPU (${r.modules} modules, ${r.frameworks} from an HTTP framework)`, '≤ 100 ms, no HTTP framework', r.wallMs <= 100 && r.frameworks === 0);
    }
    if (wanted('growth')) await growthFigures(report, { quick: QUICK, runs: RUNS });
    if (wanted('network')) await networkFigures({ runs: RUNS, quick: QUICK, report });
    if (wanted('driver')) await driverFigures(report, { runs: RUNS, quick: QUICK, ingestUrl: receiver.ingestUrl });
    if (wanted('weight')) await weightFigures(report, { runs: RUNS, quick: QUICK, only: WEIGHT_PARTS });
  } finally {
    await receiver.close();
    await hungReceiver.close();
  }
  console.log('\n| figure | measured (median) | target | met |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.figure} | ${r.measured} | ${r.target} | ${r.pass} |`);
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
