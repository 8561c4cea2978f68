const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pino = require('pino');
const { openBrainDatabase, enqueueCorrection, queueStats } = require('@gradata/core');
const { pair } = require('./pair');

const silent = pino({ level: 'silent' });

function tmpBrainDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-bench-'));
}

/** Put `count` correction rows in a brain's outbox in one transaction (a backlog left by earlier runs). */
function fillBacklog(dir, count, brainId = 'bench-brain') {
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const [draft, final] = pair(i);
      enqueueCorrection(db, brainId, { session: 1, category: 'TONE', severity: 'moderate', description: 'hedges removed', draft, final }, `bench-${i}`);
    }
  })();
  db.close();
}

/** Resolves once `worker` has emitted `synced` for `count` rows in all. */
function untilSynced(worker, count) {
  let synced = 0;
  return new Promise((resolve) => worker.on('synced', ({ count: n }) => { synced += n; if (synced >= count) resolve(); }));
}

/** Stops a drain's worker, removes its brain, and fails the figure if the drain left rows behind. */
async function stopAndCheckDrained(worker, dir, dbPath) {
  await worker.stop({ drain: false, timeoutMs: 5000 });
  const db = openBrainDatabase(dbPath);
  const pending = queueStats(db).pending;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (pending !== 0) throw new Error(`drain left ${pending} rows pending`);
}

module.exports = { silent, tmpBrainDir, pair, fillBacklog, untilSynced, stopAndCheckDrained };
