// A CommonJS user: require the SDK, record a correction locally, read it back.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sdk = require('@gradata/sdk');
// The installed tarball, not a workspace link up the tree.
const installed = require('node:fs').realpathSync(require.resolve('@gradata/sdk'));
if (!installed.startsWith(require('node:path').join(process.cwd(), 'node_modules'))) throw new Error(`@gradata/sdk resolved to ${installed}`);

for (const name of ['Brain', 'SyncWorker', 'enqueue', 'enqueueCorrection', 'peekPending', 'markSynced', 'markFailed', 'GradataValidationError']) {
  assert.equal(typeof sdk[name], 'function', `@gradata/sdk exports ${name}`);
}
assert.equal(sdk.startIngestServer, undefined, 'startIngestServer is not in the main entry');

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-cjs-'));
  const brain = new sdk.Brain(dir, { apiKey: '', writeThrough: false, exitHooks: false });
  const r = await brain.correct('I think we could maybe refund you.', 'We will refund you within 5 business days.');
  assert.match(r.eventId, /^[0-9A-Z]{26}$/);
  assert.equal(r.queued, false);
  assert.equal(brain.corrections().length, 1);
  await assert.rejects(brain.correct('', ''), { name: 'GradataValidationError', code: 'EMPTY' });
  await brain.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`commonjs ok: ${r.severity} ${r.category}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
