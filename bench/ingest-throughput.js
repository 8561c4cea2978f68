'use strict';
/**
 * Throughput of the local ingest receiver: N valid POST /api/v1/ingest over C keep-alive connections.
 *   npx tsc -b && node bench/ingest-throughput.js [--n 20000] [--c 4] [--in-process] [--db file]
 * By default the server runs in a child process so client and server each get a core (as when a
 * Brain's sync worker drains to `gradata serve`); --in-process shares one event loop.
 */
const http = require('node:http');
const { fork } = require('node:child_process');
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');

const SERVER = path.join(__dirname, '..', 'packages', 'ingest-server', 'dist', 'index.js');
const KEY = 'bench-key';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function serve(dbPath) {
  const { startIngestServer } = require(SERVER);
  return startIngestServer({ keys: [KEY], dbPath, logger: false });
}

if (process.argv[2] === '--child') {
  serve(process.argv[3]).then((server) => {
    const cpuAtReady = process.cpuUsage();
    process.send({ url: server.ingestUrl });
    process.on('message', async () => {
      const counts = { ...server.counts(), cpuMs: cpuMs(process.cpuUsage(cpuAtReady)) };
      await server.close();
      process.send({ counts }, () => process.exit(0));
    });
  });
  return;
}

function cpuMs(usage) {
  return Math.round((usage.user + usage.system) / 1000);
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': 'x',
          'x-gradata-attempt': '1',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function payload(i) {
  return JSON.stringify({
    brain_id: 'bench-brain',
    event_id: `01HBENCH${String(i).padStart(18, '0')}`,
    correction: {
      session: 1,
      category: 'STYLE',
      severity: 'minor',
      description: 'Replaced a hedge with a direct statement in the second paragraph.',
      draft: 'We might possibly be able to ship the fix next week, if everything goes to plan and nothing else comes up.',
      final: 'We will ship the fix next week.',
    },
  });
}

async function main() {
  const n = Number(arg('n', '20000'));
  const concurrency = Number(arg('c', '4'));
  const inProcess = process.argv.includes('--in-process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-bench-'));
  const dbPath = arg('db', path.join(dir, 'ingest.db'));

  let url;
  let stop;
  if (inProcess) {
    const server = await serve(dbPath);
    const cpuAtReady = process.cpuUsage();
    url = server.ingestUrl;
    stop = async () => {
      const counts = { ...server.counts(), cpuMs: cpuMs(process.cpuUsage(cpuAtReady)) };
      await server.close();
      return counts;
    };
  } else {
    const child = fork(__filename, ['--child', dbPath], { stdio: 'inherit' });
    url = await new Promise((resolve) => child.once('message', (m) => resolve(m.url)));
    stop = () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m.counts));
        child.send('stop');
      });
  }

  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const bodies = Array.from({ length: n }, (_, i) => payload(i));
  let next = 0;
  const started = process.hrtime.bigint();
  const clientCpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await post(agent, url, bodies[next++]);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const clientCpuMs = cpuMs(process.cpuUsage(clientCpu));
  agent.destroy();
  const counts = await stop();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `${n} POSTs, ${concurrency} keep-alive connections, server ${inProcess ? 'in-process' : 'in a child process'}: ` +
      `${seconds.toFixed(2)} s, ${Math.round(n / seconds)} requests/s (stored ${counts.stored}; ` +
      `${inProcess ? 'process' : 'server'} CPU ${counts.cpuMs} ms (${Math.round((counts.cpuMs * 1000) / n)} µs/request), client CPU ${clientCpuMs} ms)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
