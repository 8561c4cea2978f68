import fs from 'node:fs';
import path from 'node:path';
import { openTestBrain } from '../helpers/brain';

const SECRETS = ['jane.doe@example.com', '4111 1111 1111 1111', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', '+1 415 555 0199'];

it('no raw secret reaches the database file, the WAL or the outbox payload', async () => {
  const brain = openTestBrain({ apiKey: 'k' });
  const draft = `Contact jane.doe@example.com or call +1 415 555 0199. Card 4111 1111 1111 1111. Key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789`;
  const final = `${draft} Thanks!`;
  await brain.correct(draft, final, { context: 'customer jane.doe@example.com' });
  const [stored] = brain.corrections();
  expect(stored.draft).toContain('[REDACTED:email]');
  expect(stored.draft).toContain('[REDACTED:card]');
  const dir = brain.dir;
  await brain.close();
  const bytes = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
  for (const secret of SECRETS) expect(bytes).not.toContain(secret);
  expect(bytes).toContain('[REDACTED:email]');
});
