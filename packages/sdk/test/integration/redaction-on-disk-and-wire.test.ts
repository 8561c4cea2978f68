import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import { silent, tmpDir, waitFor } from '../helpers';
import { containsSecret } from '../../../core/test/helpers/leak-search';

/**
 * SPEC §5.2: no byte of a redacted value reaches system.db, its WAL, or the wire. One secret of every
 * kind the README lists goes through correct() — in the draft, the final and the context — and then
 * the raw bytes of the database files and of every request the receiver got are searched for it,
 * whole and by the fragments a word-level description would quote (the leak: "added: jane,
 * doe, example, com").
 */
const SECRETS: Array<{ kind: string; text: string; fragments: string[] }> = [
  { kind: 'email', text: 'jane.doe@example.com', fragments: ['jane', 'example.com'] },
  { kind: 'phone', text: '+1 415 555 0199', fragments: ['555 0199', '0199'] },
  { kind: 'phone', text: '020 7946 0958', fragments: ['7946', '0958'] },
  { kind: 'card', text: '4111 1111 1111 1111', fragments: ['4111'] },
  { kind: 'api_key', text: 'sk-proj-QWERTYUIOPASDFGHJKLZXCVB1234', fragments: ['QWERTYUIOPASDFGHJKLZXCVB1234'] },
  { kind: 'api_key', text: 'api_key=zx81mnbv72lkjh', fragments: ['zx81mnbv72lkjh'] },
  { kind: 'aws_key', text: 'AKIAIOSFODNN7EXAMPLE', fragments: ['IOSFODNN7'] },
  { kind: 'github_token', text: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', fragments: ['abcdefghijklmnopqrstuvwxyz0123456789'] },
  { kind: 'slack_token', text: 'xoxb-1234567890-poiuytrewq', fragments: ['poiuytrewq'] },
  { kind: 'stripe_key', text: 'sk_live_mnbvcxzlkjhgfdsa9876', fragments: ['mnbvcxzlkjhgfdsa9876'] },
  { kind: 'google_api_key', text: 'AIzaSyA1234567890abcdefghijklmnopqrstuv', fragments: ['SyA1234567890abcdefghijklmnopqrstuv'] },
  { kind: 'jwt', text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', fragments: ['hbGciOiJIUzI1NiJ9', 'dBjftJeZ4CVPmB92K27uhbUJU1p1r'] },
  { kind: 'bearer_token', text: 'Bearer qazwsxedcrfv1234567890', fragments: ['qazwsxedcrfv1234567890'] },
  { kind: 'secret', text: 'password=hunter2024xyz', fragments: ['hunter2024xyz'] },
  {
    kind: 'private_key',
    text: '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----',
    fragments: ['MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu', 'Kj34GkxFhD90'],
  },
];
const EVERY_SECRET = SECRETS.map((s) => `${s.kind}: ${s.text}`).join('\n');

/** A TCP relay in front of the receiver that keeps every byte the SDK sent: what went on the wire. */
async function recordingRelay(target: URL): Promise<{ url: string; sent: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as net.AddressInfo;
  const url = new URL(target.href);
  url.port = String(port);
  return {
    url: url.href,
    sent: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}

/** A card or phone number written without its spaces and signs: 11–16 digits, never a timestamp by chance. */
function digitsOnly(secret: { kind: string; text: string }): string[] {
  const digits = secret.text.replace(/\D/g, '');
  return (secret.kind === 'card' || secret.kind === 'phone') && digits.length >= 10 ? [digits] : [];
}

function leaks(bytes: Buffer): string[] {
  const text = bytes.toString('latin1'); // byte for byte: a UTF-8 secret is found as its bytes
  const found: string[] = [];
  for (const secret of SECRETS) {
    for (const needle of [secret.text, ...secret.fragments, ...digitsOnly(secret)]) if (containsSecret(text, needle)) found.push(`${secret.kind}: ${needle}`);
  }
  return found;
}

function databaseBytes(dir: string): Buffer {
  const files = ['system.db', 'system.db-wal'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  return Buffer.concat(files.map((f) => fs.readFileSync(f)));
}

let server: IngestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('no secret of any listed kind reaches system.db, system.db-wal or any request the receiver got', async () => {
  server = await startIngestServer({ keys: ['k'], logger: false });
  const relay = await recordingRelay(new URL(server.ingestUrl));
  const dir = path.join(tmpDir(), 'brain');
  const brain = new Brain(dir, { env: {}, homeDir: tmpDir('gradata-home-'), apiKey: 'k', ingestUrl: relay.url, logger: silent, exitHooks: false });
  try {
    const results = [
      // The case: the secrets are only in the final, so a description of what was added quotes them.
      await brain.correct('Contact me for the key.', `Contact jane.doe@example.com, key sk-proj-QWERTYUIOPASDFGHJKLZXCVB1234, card 4111 1111 1111 1111.\n${EVERY_SECRET}`),
      // Only in the draft: what was removed.
      await brain.correct(`Here is everything:\n${EVERY_SECRET}`, 'I removed the credentials from this reply.', { context: EVERY_SECRET }),
      // Short pair (edit distance decides severity) with a secret in the context only.
      await brain.correct('Call me.', 'Call me soon.', { context: `customer ${EVERY_SECRET}` }),
    ];
    for (const result of results) {
      expect(result.queued).toBe(true);
      expect(leaks(Buffer.from(JSON.stringify(result)))).toEqual([]);
    }
    await brain.flush({ timeoutMs: 15_000 });
    await waitFor('the receiver to store all three', () => server?.storedEventIds().length === 3);

    // While the brain is open the WAL holds the recent pages.
    expect(fs.existsSync(path.join(dir, 'system.db-wal'))).toBe(true);
    expect(leaks(databaseBytes(dir))).toEqual([]);
    const wire = relay.sent();
    expect(wire.toString('latin1')).toContain('[REDACTED:email]'); // the relay did see the bodies
    expect(leaks(wire)).toEqual([]);
    const stored = brain.corrections();
    expect(stored[2].final).toContain('[REDACTED:email]');
    expect(stored[2].final).toContain('[REDACTED:private_key]');
  } finally {
    await brain.close();
    await relay.close();
  }
  expect(leaks(databaseBytes(dir))).toEqual([]);
}, 60_000);
