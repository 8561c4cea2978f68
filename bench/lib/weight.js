// Figure 9 (SPEC §14.9, issue 21): the SDK as a guest in the agent's process. Every sample is a fresh
// child process (weight-child.js); the receivers run in processes of their own. Ratios are taken
// within this one run, so a shared machine's load moves both sides of each ratio alike.
'use strict';
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { startReceiver } = require('./receiver');
const { median, fmt } = require('./stats');

const CHILD = path.join(__dirname, 'weight-child.js');
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** One fresh process in `mode` (with the host's own Node flags `execArgv`); resolves with the JSON it printed. */
function child(mode, args = {}, execArgv = []) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...execArgv, CHILD, mode, JSON.stringify(args)], { cwd: REPO_ROOT, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`weight child ${mode} failed: ${error.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      } catch {
        reject(new Error(`weight child ${mode} printed no result: ${stdout.slice(-500)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** RSS above bare Node: after require, after 1,000 corrections (with and without a key), after `idleSec` idle. */
async function rssFigures(report, { runs, idleSec, ingestUrl }) {
  const bare = [];
  const required = [];
  for (let run = 0; run < runs; run++) {
    bare.push((await child('bare')).rssMb);
    required.push((await child('require')).rssMb);
  }
  const bareMb = median(bare);
  const keyed = [];
  const keyless = [];
  for (let run = 0; run < runs; run++) {
    // Side by side: each waits `idleSec` doing nothing, and RSS does not depend on the other's CPU.
    const [withKey, withoutKey] = await Promise.all([child('agent', { ingestUrl, idleSec }), child('agent', { idleSec })]);
    keyed.push(withKey);
    keyless.push(withoutKey);
  }
  const above = (samples, pick) => median(samples.map(pick)) - bareMb;
  const afterWork = above(keyed, (s) => s.afterWork.rssMb);
  const afterIdle = above(keyed, (s) => s.afterIdle.rssMb);
  const workers = keyed.map((s) => s.afterIdle.worker).join('/');
  report('9a RSS above bare Node, after require', `${fmt(median(required) - bareMb)} MB (bare Node ${fmt(bareMb)} MB)`, '—', true);
  report(
    '9b … after 1,000 corrections recorded and delivered',
    `${fmt(afterWork)} MB (main-thread heap ${fmt(median(keyed.map((s) => s.afterWork.heapUsedMb)))} MB)`,
    '≤ 45 MB',
    afterWork <= 45,
  );
  report(`9c … then ${idleSec} s idle, nothing pending`, `${fmt(afterIdle)} MB (worker: ${workers})`, '≤ 28 MB', afterIdle <= 28);
  report(
    '9d same without a key (no worker): after 1,000 / after idle',
    `${fmt(above(keyless, (s) => s.afterWork.rssMb))} / ${fmt(above(keyless, (s) => s.afterIdle.rssMb))} MB`,
    '—',
    true,
  );
  // The same agents in hosts whose young generation V8 may not grow past 2 MB semi-spaces (a host
  // flag no library may set): how much of 9b and 9d is V8 growing the host's own heap.
  const cappedKeyed = [];
  const cappedKeyless = [];
  for (let run = 0; run < runs; run++) {
    const [withKey, withoutKey] = await Promise.all([
      child('agent', { ingestUrl, idleSec: 0 }, ['--max-semi-space-size=2']),
      child('agent', { idleSec: 0 }, ['--max-semi-space-size=2']),
    ]);
    cappedKeyed.push(withKey);
    cappedKeyless.push(withoutKey);
  }
  report(
    '9b/9d in a host started with --max-semi-space-size=2 (its young generation held down)',
    `${fmt(above(cappedKeyed, (s) => s.afterWork.rssMb))} / ${fmt(above(cappedKeyless, (s) => s.afterWork.rssMb))} MB (against ${fmt(afterWork)} / ${fmt(above(keyless, (s) => s.afterWork.rssMb))} MB above)`,
    '—',
    true,
  );
  const firstMs = median(keyed.map((s) => s.firstAfterIdleMs));
  report(`3b first correction after ${idleSec} s idle: correct() → synced`, `${fmt(firstMs, 0)} ms (runs ${keyed.map((s) => fmt(s.firstAfterIdleMs, 0)).join('/')})`, '≤ 500 ms', firstMs <= 500);
}

/** CPU per delivered row, one request per row on loopback: the SDK, bare got, node:http, alternating. */
async function cpuFigures(report, { runs, rows, ingestUrl }) {
  const samples = { sdk: [], got: [], http: [] };
  for (let run = 0; run < runs; run++) {
    samples.sdk.push(await child('cpu-sdk', { ingestUrl, rows }));
    samples.got.push(await child('cpu-got', { ingestUrl, rows }));
    samples.http.push(await child('cpu-http', { ingestUrl, rows }));
  }
  const perRow = (name) => median(samples[name].map((s) => s.cpuPerRowUs));
  const ratio = perRow('sdk') / perRow('got');
  report(
    `9e CPU per delivered row, loopback, ${rows.toLocaleString('en')} rows, per row`,
    `SDK ${fmt(perRow('sdk'), 0)} µs ÷ bare got ${fmt(perRow('got'), 0)} µs = ${fmt(ratio, 2)} (node:http ${fmt(perRow('http'), 0)} µs; SDK runs ${samples.sdk.map((s) => fmt(s.cpuPerRowUs, 0)).join('/')})`,
    '≤ 1.15× bare got',
    ratio <= 1.15,
  );
}

/**
 * Figure 1d in fresh processes: correct() at 200/s, write-through on ÷ off, alternating. The middle
 * mode writes every outbox row and delivers none, which splits the ratio into the row's own cost
 * (queued ÷ off) and what delivering it adds on the agent's thread (on ÷ queued).
 */
async function pacedFigures(report, { runs, calls, ingestUrl }) {
  const samples = { off: [], queued: [], on: [] };
  for (let run = 0; run < runs; run++) {
    for (const mode of ['off', 'queued', 'on']) samples[mode].push(await child('paced', { mode, ingestUrl, calls }));
  }
  const p = (mode, key) => median(samples[mode].map((r) => r[key]));
  const p50 = p('on', 'p50') / p('off', 'p50');
  const p99 = p('on', 'p99') / p('off', 'p99');
  const runsOf = (mode) => samples[mode].map((r) => fmt(r.p50, 0)).join('/');
  report(
    '9f correct() at 200/s, on ÷ off, fresh processes',
    `p50 ${fmt(p50, 2)}, p99 ${fmt(p99, 2)} (off p50 ${fmt(p('off', 'p50'))} µs p99 ${fmt(p('off', 'p99'))} µs; on p50 ${fmt(p('on', 'p50'))} µs p99 ${fmt(p('on', 'p99'))} µs; p50 runs off ${runsOf('off')}, on ${runsOf('on')})`,
    'p50 ≤ 1.10, p99 ≤ 1.5',
    p50 <= 1.1 && p99 <= 1.5,
  );
  report(
    '9f′ … the outbox row alone (queued, nothing delivered) ÷ off; delivery on top (on ÷ queued)',
    `p50 ${fmt(p('queued', 'p50') / p('off', 'p50'), 2)}; p50 ${fmt(p('on', 'p50') / p('queued', 'p50'), 2)} (queued p50 ${fmt(p('queued', 'p50'))} µs, runs ${runsOf('queued')})`,
    '—',
    true,
  );
}

/** `only` picks parts: rss, cpu, paced (all by default). */
async function weightFigures(report, { runs, quick, only = null }) {
  const want = (part) => only === null || only.has(part);
  const receiver = await startReceiver();
  const perRow = await startReceiver({ batch: false });
  console.error(`  weight: load average at start ${load()}`);
  try {
    if (want('rss')) await rssFigures(report, { runs: Math.min(runs, 3), idleSec: quick ? 35 : 45, ingestUrl: receiver.ingestUrl });
    if (want('cpu')) await cpuFigures(report, { runs: Math.min(runs, 3), rows: 3000, ingestUrl: perRow.ingestUrl });
    if (want('paced')) await pacedFigures(report, { runs: Math.min(runs, 5), calls: quick ? 600 : 1500, ingestUrl: perRow.ingestUrl });
  } finally {
    console.error(`  weight: load average at end ${load()}`);
    await receiver.close();
    await perRow.close();
  }
}

module.exports = { weightFigures };
