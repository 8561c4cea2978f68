// SPEC §14.4 and §14.1: the longest event-loop block of one correct() over adversarial inputs at the
// size limit, and what the Python-parity analysis costs on the ~300-character pair.
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { Brain, analyzeCorrection } = require('@gradata/core');
const { percentile, median, fmt } = require('./stats');
const { silent, tmpBrainDir, pair } = require('./fixtures');

const SIZE = 99_000;
const UUID = '123e4567-e89b-12d3-a456-426614174000';
const repeat = (unit) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** Deterministic [A-Za-z0-9_-] noise: one 99,000-character token. */
function token() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let s = 99;
  let out = '';
  for (let i = 0; i < SIZE; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out += alphabet[(s >>> 0) % alphabet.length];
  }
  return out;
}

/** The issue's inputs (each the final of a correction whose draft is one short sentence). */
const INPUTS = {
  'a. … key': repeat('a.').slice(0, SIZE - 3) + 'key',
  '12-': repeat('12-'),
  'key=': repeat('key='),
  '@a.': repeat('@a.'),
  'UUID run': repeat(UUID),
  'UUIDs spaced': repeat(`${UUID} `),
  'letters': repeat('a'),
  'digits': repeat('7'),
  'spaces': repeat(' '),
  'punctuation': repeat('.'),
  'dashes': repeat('-'),
  'single token': token(),
  'api_key: ': repeat('api_key: '),
  '+digits': repeat('+1234567890123456789 '),
  'BEGIN lines': repeat('-----BEGIN RSA PRIVATE KEY-----\n'),
};

/** Runs `fn` and returns the longest stretch the event loop could not turn, in ms. */
async function longestBlockMs(fn) {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await fn();
  running = false;
  return Math.max(longest, performance.now() - last);
}

/** SPEC §14.4: no single correct() within the input limits blocks the event loop for more than 50 ms. */
async function eventLoopBlockFigures(report, runs) {
  const dir = tmpBrainDir();
  const brain = new Brain(dir, { env: {}, homeDir: dir, apiKey: 'bench-key', ingestUrl: 'http://127.0.0.1:9/api/v1/ingest', logger: silent, exitHooks: false });
  await brain.correct('warm-up draft', 'warm-up final'); // JIT, prepared statements
  await brain.correct('x', 'y'.repeat(30_000)); // starts the pool thread once, outside the measurement
  const perInput = [];
  for (const [name, final] of Object.entries(INPUTS)) {
    const blocks = [];
    for (let run = 0; run < runs; run++) blocks.push(await longestBlockMs(() => brain.correct('Short draft.', final)));
    perInput.push({ name, ms: median(blocks) });
  }
  await brain.close();
  fs.rmSync(dir, { recursive: true, force: true });
  perInput.sort((a, b) => b.ms - a.ms);
  const worst = perInput[0];
  report(
    '4b longest event-loop block of one correct(), adversarial 99,000-char inputs',
    `${fmt(worst.ms)} ms (${worst.name}; next ${perInput.slice(1, 3).map((r) => `${r.name} ${fmt(r.ms)}`).join(', ')}; ${perInput.length} inputs)`,
    '≤ 50 ms',
    worst.ms <= 50,
  );
}

/** The analysis alone (difflib ratio, three exact zlib lengths, classification) on the bench pair. */
function analysisFigure(report, calls) {
  for (let i = 0; i < 500; i++) analyzeCorrection(...pair(i));
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const [draft, final] = pair(i);
    const start = process.hrtime.bigint();
    analyzeCorrection(draft, final);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  report('1e analysis alone (Python-parity severity), ~300-char pair', `p50 ${fmt(percentile(samples, 50))} µs (p99 ${fmt(percentile(samples, 99))} µs)`, 'part of 1a', true);
}

module.exports = { eventLoopBlockFigures, analysisFigure };
