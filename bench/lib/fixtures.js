const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pino = require('pino');
const { openBrainDatabase, enqueueCorrection } = require('@gradata/core');

const silent = pino({ level: 'silent' });

function tmpBrainDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-bench-'));
}

/** About 300 characters of draft + final, varied per index so lessons and NCD see real text. */
function pair(i) {
  const draft = `Hi there, thanks for reaching out about order #${1000 + i}. I think we might be able to maybe offer a partial refund, ` +
    `but I am not totally sure yet. Let me check with the team and I will get back to you soon.`;
  const final = `Hi there, thanks for reaching out about order #${1000 + i}. We will refund the full amount within 5 business days. ` +
    `You will get a confirmation e-mail today.`;
  return [draft, final];
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
