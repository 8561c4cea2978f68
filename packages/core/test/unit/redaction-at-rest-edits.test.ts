/**
 * SPEC §5.2: redaction comes first, and the analysis sees only redacted text. The edits here are
 * INSIDE the secrets (a changed local part, other card digits, a rotated key, a new phone number),
 * so an analysis of the raw text would find, describe and store exactly those changes; an analysis
 * of the redacted text sees two identical placeholders and nothing of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Brain } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { containsSecret } from '../helpers/leak-search';

const BEFORE = ['jane.doe@example.com', '4111 1111 1111 1111', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', '+1 415 555 0199'];
const AFTER = ['jane.roe@example.com', '4012 8888 8888 1881', 'sk-proj-abcdefghijklmnopqrstuvwxyz9876543210', '+1 415 555 0123'];
/** What differs between the two versions of each secret: none of it may be stored anywhere. */
const EDITED_PARTS = ['doe@', 'roe@', '4012', '8888', '1881', '0123456789', '9876543210', '0199', '0123'];

/** Closes `brain`, then fails on any version of any secret in `result` or in any file of the brain's folder. */
async function expectNoSecretAfterClose(brain: Brain, result: unknown): Promise<void> {
  const dir = brain.dir;
  await brain.close();
  const resultText = JSON.stringify(result);
  const bytes = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
  for (const secret of [...BEFORE, ...AFTER, ...EDITED_PARTS]) {
    expect({ secret, inResult: containsSecret(resultText, secret), onDisk: containsSecret(bytes, secret) }).toEqual({ secret, inResult: false, onDisk: false });
  }
}

const text = ([email, card, key, phone]: string[]): string =>
  `Contact ${email} or call ${phone}. Card ${card}. Key ${key}. The rest of this note stays the same.`;

it('edits inside secrets leave no trace of either version in the result, the database, its WAL or the outbox', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  const result = await brain.correct(text(BEFORE), text(AFTER), { context: `customer ${BEFORE[0]}` });
  // Redacted, the two texts are the same: the analysis must find no change at all.
  expect(result.editDistance).toBe(0);
  const [stored] = brain.corrections();
  expect(stored?.draft).toBe(stored?.final);
  expect(stored?.draft).toContain('[REDACTED:email]');
  expect(stored?.editDistance).toBe(0);
  await expectNoSecretAfterClose(brain, result);
});

it('an edit beside the secrets is found and described, still without them', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  const result = await brain.correct(text(BEFORE), `${text(AFTER)} Thanks for waiting!`);
  expect(result.editDistance).toBeGreaterThan(0);
  await expectNoSecretAfterClose(brain, result);
});
