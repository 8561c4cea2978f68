const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pino = require('pino');
const { openBrainDatabase, enqueueCorrection } = require('@gradata/core');
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

module.exports = { silent, tmpBrainDir, pair, fillBacklog };
