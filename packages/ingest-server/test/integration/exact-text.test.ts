import { openSqlite, textCutAtNul } from '@gradata/core';
import { correctionBody, headers, postJson, useReceiver } from './helpers';

/** Whether this process's SQLite driver keeps U+0000 in text (node:sqlite on Node 22 cuts it there). */
function driverKeepsNul(): boolean {
  const db = openSqlite(':memory:');
  try {
    return !textCutAtNul(db);
  } finally {
    db.close();
  }
}

// The receiver stores exactly what it was sent, or refuses it: never a silent U+FFFD, never a cut text.
describe('text is stored exactly or refused', () => {
  const receiver = useReceiver();

  it('emoji, RTL, quotes and escaped pairs are stored exactly', async () => {
    const draft = 'שלום 😀 "quoted" \\ back';
    const final = 'مرحبا 🎉 \u200f done';
    const body = correctionBody('e-exact', 'brain-x', { draft, final });
    // Send the pair as a JSON escape too, the way some clients do.
    const raw = JSON.stringify(body).replace('🎉', '\\ud83c\\udf89');
    const reply = await postJson(receiver.server.ingestUrl, raw);
    expect(reply.status).toBe(200);
    const [stored] = receiver.server.corrections('brain-x');
    expect(stored).toMatchObject({ draft, final });
  });

  it('U+0000 is stored exactly, or refused with 422 naming the field where the driver would cut the text there', async () => {
    const draft = 'before \u0000 after';
    const reply = await postJson(receiver.server.ingestUrl, correctionBody('e-nul', 'brain-n', { draft }));
    if (driverKeepsNul()) {
      expect(reply.status).toBe(200);
      expect(receiver.server.corrections('brain-n')[0]).toMatchObject({ draft });
    } else {
      expect(reply.status).toBe(422);
      expect(reply.json.error).toMatch(/^correction\.draft contains U\+0000/);
      expect(receiver.server.storedEventIds('brain-n')).toEqual([]);
    }
  });

  it.each([
    ['a lone high surrogate at the end (a cut pair)', `cut here \ud83d`, 'correction.draft'],
    ['a lone low surrogate', `\ude00 start`, 'correction.draft'],
  ])('%s → 422 { error } naming the field, nothing stored', async (_name, draft, field) => {
    const reply = await postJson(receiver.server.ingestUrl, correctionBody('e-lone', 'brain-y', { draft }));
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.json)).toEqual(['error']);
    expect(reply.json.error).toContain(field);
    expect(reply.json.error).toMatch(/lone UTF-16 surrogate/);
    expect(receiver.server.storedEventIds('brain-y')).toEqual([]);
  });

  it('a lone surrogate 20,000 levels deep → 422 naming its path, not a 500 from a call stack too deep', async () => {
    const depth = 20_000;
    const body = correctionBody('e-deep', 'brain-d', {});
    // JSON text built by hand: JSON.stringify itself recurses.
    const raw = JSON.stringify(body).replace(/}$/, `,"extra":${'['.repeat(depth)}"\\ud83d"${']'.repeat(depth)}}`);
    const reply = await postJson(receiver.server.ingestUrl, raw);
    expect(reply.status).toBe(422);
    expect(reply.json.error).toMatch(/^extra(\.0){20000} contains a lone UTF-16 surrogate/);
    expect(receiver.server.storedEventIds('brain-d')).toEqual([]);
  });

  it('a body that is not UTF-8 → 400 { error }, nothing stored', async () => {
    const json = Buffer.from(JSON.stringify(correctionBody('e-bytes', 'brain-z', { draft: 'XX' })));
    const at = json.indexOf('XX');
    json[at] = 0xff; // never valid in UTF-8
    const response = await fetch(receiver.server.ingestUrl, { method: 'POST', headers: headers(), body: json });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'body is not valid UTF-8' });
    expect(receiver.server.storedEventIds('brain-z')).toEqual([]);
  });
});
