#!/usr/bin/env node
// Fault campaign (issue 19). Phase 1: agents on one shared brain, SIGKILLed at random and restarted,
// one of them with its clock 120 s ahead, over a network that fails, drops connections and is slow.
// Phase 2: a backlog waiting on backoff through an outage, then the endpoint's return.
// Prints rows lost (must be 0), sends that overlapped an earlier send of the same row still in
// flight (a lease violation; must be 0), resends of rows the receiver had already acknowledged
// (at least once: a killed process or a dropped reply), and the recovery time.
// Usage: node bench/fault-campaign.js [--seconds=40] [--outage=30]
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { Brain } = require('@gradata/sdk');
const { startIngestServer } = require('@gradata/ingest-server');

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 40);
const OUTAGE_SEC = arg('outage', 30);
const KEY = 'campaign-key';
const AGENT = path.join(__dirname, 'lib/campaign-agent.js');
const CLOCK_SHIFT = path.resolve(__dirname, '../packages/sync-worker/test/fixtures/clock-shift.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = require('pino')({ level: 'silent' });

async function receiver(faults) {
  const sends = new Map(); // eventId → [{ at, answeredAt, status }]
  const server = await startIngestServer({
    keys: [KEY], logger: false, faults,
    onRequest(info) {
      if (info.route !== 'ingest' || !info.eventId) return;
      const list = sends.get(info.eventId) ?? [];
      list.push({ at: info.at, answeredAt: Date.now(), status: info.status });
      sends.set(info.eventId, list);
    },
  });
  return { server, sends };
}

/** Sends that arrived while an earlier send of the same row was unanswered, and resends of acknowledged rows. */
function doubles(sends) {
  let overlapping = 0;
  let afterAck = 0;
  for (const list of sends.values()) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((send, i) => {
      const earlier = list.slice(0, i);
      if (earlier.some((e) => e.answeredAt > send.at)) overlapping += 1;
      else if (earlier.some((e) => e.status >= 200 && e.status < 300)) afterAck += 1;
    });
  }
  return { overlapping, afterAck };
}

async function killStorm() {
  const { server, sends } = await receiver({ failRate: 0.15, dropRate: 0.05, latencyMs: 10 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-campaign-'));
  const brainDir = path.join(dir, 'brain');
  const committed = new Set();
  const running = new Set();
  let kills = 0;
  let stopping = false;
  const startAgent = (slot) => {
    const shifted = slot === 3;
    const child = spawn(process.execPath, [...(shifted ? ['-r', CLOCK_SHIFT] : []), AGENT, brainDir, '150'], {
      env: { ...process.env, GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: server.ingestUrl, GRADATA_TEST_CLOCK_OFFSET_MS: shifted ? '120000' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) if (line) committed.add(line);
    });
    running.add(child);
    child.once('exit', () => {
      running.delete(child);
      if (!stopping) startAgent(slot);
    });
  };
  for (let slot = 0; slot < 4; slot++) startAgent(slot);
  const endAt = Date.now() + SECONDS * 1000;
  while (Date.now() < endAt) {
    await sleep(1000 + Math.random() * 2000);
    const victims = [...running];
    const victim = victims[Math.floor(Math.random() * victims.length)];
    if (victim && victim.exitCode === null) {
      victim.kill('SIGKILL');
      kills += 1;
    }
  }
  stopping = true;
  await Promise.all([...running].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))));
  // The last process to open the brain delivers what every killed one left behind.
  const last = new Brain(brainDir, { apiKey: KEY, ingestUrl: server.ingestUrl, logger: silent, exitHooks: false });
  let flushed = await last.flush({ timeoutMs: 60_000 });
  for (let i = 0; i < 5 && flushed.remaining > 0; i++) flushed = await last.flush({ timeoutMs: 60_000 });
  await last.close({ drain: true, timeoutMs: 10_000 });
  const stored = new Set(server.storedEventIds());
  const lost = [...committed].filter((id) => !stored.has(id)).length;
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { committed: committed.size, kills, lost, remaining: flushed.remaining, ...doubles(sends) };
}

async function outageRecovery() {
  const { server, sends } = await receiver({ failRate: 1 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-outage-'));
  const brain = new Brain(path.join(dir, 'brain'), { apiKey: KEY, ingestUrl: server.ingestUrl, logger: silent, exitHooks: false });
  for (let i = 0; i < 1000; i++) await brain.correct(`Outage draft ${i}: ship it Monday.`, `Outage final ${i}: ship it Tuesday.`);
  await sleep(OUTAGE_SEC * 1000);
  server.setFaults({});
  const backAt = Date.now();
  while (server.storedEventIds().length < 1000 && Date.now() - backAt < 600_000) await sleep(50);
  const seconds = (Date.now() - backAt) / 1000;
  const delivered = server.storedEventIds().length;
  await brain.close({ drain: false, timeoutMs: 2_000 });
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { seconds, delivered, ...doubles(sends) };
}

(async () => {
  const storm = await killStorm();
  console.log(`kill storm (${SECONDS} s, 4 agents on one brain, one clock +120 s, 15 % 503, 5 % dropped): ` +
    `${storm.committed} committed, ${storm.kills} SIGKILLs, lost ${storm.lost}, left pending ${storm.remaining}, ` +
    `overlapping sends ${storm.overlapping}, resends of acknowledged rows ${storm.afterAck}`);
  const outage = await outageRecovery();
  console.log(`outage recovery (${OUTAGE_SEC} s outage, 1,000 rows): all delivered ${outage.seconds.toFixed(1)} s after the endpoint returned ` +
    `(${outage.delivered} stored), overlapping sends ${outage.overlapping}, resends of acknowledged rows ${outage.afterAck}`);
  process.exit(storm.lost === 0 && storm.overlapping === 0 && outage.overlapping === 0 ? 0 : 1);
})();
