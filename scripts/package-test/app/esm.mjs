// An ESM user: named imports from the CommonJS build (cjs-module-lexer must see every export).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Brain, SyncWorker, openBrainDatabase, brainDatabasePath, enqueue, peekPending, markSynced, GradataValidationError } from '@gradata/sdk';
import * as sdk from '@gradata/sdk';

assert.equal(typeof SyncWorker, 'function');
assert.equal('startIngestServer' in sdk, false, 'startIngestServer is not in the main entry');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-esm-'));
const brain = new Brain(dir, { apiKey: '', writeThrough: false, exitHooks: false });
const r = await brain.correct('Thanks for your patience, we will look into it.', 'We fixed it: the refund is on its way.');
assert.equal(typeof r.editDistance, 'number');
await assert.rejects(brain.correct('same', 'same'), (error) => error instanceof GradataValidationError && error.code === 'IDENTICAL');
await brain.close();

const db = openBrainDatabase(brainDatabasePath(dir));
const id = enqueue(db, 'event', { hello: 'world' });
assert.deepEqual(peekPending(db).map((row) => row.id), [id]);
markSynced(db, [id]);
assert.equal(peekPending(db).length, 0);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`esm ok: ${r.severity}`);
