import path from 'node:path';
import { openSqlite } from '../../src/storage/driver';
import type { BrainDatabase } from '../../src/storage/driver';
import fc from 'fast-check';
import { GradataError, redact } from '@gradata/core';
import type { Brain, CorrectOptions } from '@gradata/core';
import { openTestBrain } from '../helpers/brain';

/**
 * correct()'s whole input space, bounded (fixed seed and run count: seconds, not minutes).
 * Invariant per call: it resolves with a result whose stored event and outbox payload round-trip
 * exactly (after redaction, compared with what `redact()` returns — not hard-coded), or it rejects
 * with a typed Gradata*Error (TypeError only for a non-string draft/final, SPEC §5.1) and writes
 * nothing. After every call the brain is still usable.
 */

const SEED = 20261130;
const RUNS = 120;
const WIRE_TEXT_LIMIT = 8_000;

/** The wire cut's oracle, written independently of the code under test: Python's `text[:8000]`. */
const firstCodePoints = (whole: string, max: number): string => [...whole].slice(0, max).join('');

// Pieces that break naive code: lone surrogates, NUL, RTL marks, emoji, combining marks, JSON
// metacharacters, and text the redactor rewrites.
const hostilePiece = fc.constantFrom(
  '\ud83d', '\ude00', '😀', '👩‍👩‍👧', '\u0000', '\u202e', '\u200f', 'שלום', 'مرحبا', 'e\u0301', '"', '\\', '\n', '\r\n', '\t',
  'jane.doe@example.com', '+1 (415) 555-0134', '4111 1111 1111 1111', 'sk-live-abcdefghijklmnop1234', ' ', '',
);
// A prefix of odd length shifts pairs across the 8,000-unit mark, where a naive cut splits them.
const longRun = fc
  .tuple(fc.constantFrom('', 'a', 'ab'), fc.constantFrom('a', '😀', '\ud83d', ' ', 'word '), fc.integer({ min: 1, max: 12_000 }))
  .map(([prefix, unit, n]) => prefix + unit.repeat(n));
const text = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.oneof(hostilePiece, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 })), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: longRun },
);

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1.5, 1e300, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 3n, 'TONE', '', ' ', 'no', true, false, [], {}),
  fc.bigInt(),
  fc.double(),
  fc.integer({ min: 1, max: 1_000 }),
  fc.string({ maxLength: 80 }),
  fc.anything({ maxDepth: 1 }),
);
/** Mostly valid values (so calls get through to storage), sometimes hostile ones. */
const mostly = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
const optionValue = {
  category: mostly(fc.constantFrom('TONE', 'FACTUAL', ' padded ', 'x'.repeat(64), 'x'.repeat(65))),
  session: mostly(fc.integer({ min: 1, max: 50 })),
  context: mostly(text),
  dryRun: mostly(fc.boolean()),
};
type OptionName = keyof typeof optionValue;
const OPTION_NAMES = Object.keys(optionValue) as OptionName[];

/** How an option is supplied: a plain value, a getter (that changes its answer), or a getter that throws. */
const supplied = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: value.map((v) => ({ how: 'value' as const, first: v, later: v })) },
    { weight: 2, arbitrary: fc.tuple(value, value).map(([first, later]) => ({ how: 'getter' as const, first, later })) },
    { weight: 1, arbitrary: fc.constant({ how: 'throws' as const, first: undefined, later: undefined }) },
  );
const optionsSpec = fc.option(
  fc.record(
    { category: supplied(optionValue.category), session: supplied(optionValue.session), context: supplied(optionValue.context), dryRun: supplied(optionValue.dryRun) },
    { requiredKeys: [] },
  ),
  { nil: undefined, freq: 4 },
);
const notAString = fc.oneof(fc.constantFrom<unknown>(undefined, null, 42, 3n, {}, ['a']), fc.anything({ maxDepth: 1 }).filter((v) => typeof v !== 'string'));
const draftOrFinal = fc.oneof({ weight: 30, arbitrary: text }, { weight: 1, arbitrary: notAString });

interface Built {
  options: unknown;
  reads: Record<string, number>;
}

function buildOptions(spec: Partial<Record<OptionName, { how: 'value' | 'getter' | 'throws'; first: unknown; later: unknown }>> | undefined): Built {
  const reads: Record<string, number> = {};
  if (spec === undefined) return { options: undefined, reads };
  const options: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) {
    const entry = spec[name];
    if (entry === undefined) continue;
    if (entry.how === 'value') options[name] = entry.first;
    else {
      reads[name] = 0;
      Object.defineProperty(options, name, {
        enumerable: true,
        get() {
          reads[name] += 1;
          if (entry.how === 'throws') throw new Error(`getter ${name} refuses`);
          return reads[name] === 1 ? entry.first : entry.later;
        },
      });
    }
  }
  return { options, reads };
}

let brain: Brain;
let reader: BrainDatabase;

beforeAll(() => {
  brain = openTestBrain({ apiKey: 'k' }); // write-through on, no syncer: outbox rows stay pending to be read
  reader = openSqlite(path.join(brain.dir, 'system.db'), { readonly: true });
});
afterAll(async () => {
  reader.close();
  await brain.close();
});

function tableCounts(): string {
  return ['events', 'lessons', 'sync_queue', 'meta']
    .map((table) => `${table}:${JSON.stringify(reader.prepare(`SELECT COUNT(*) AS n, MAX(rowid) AS last FROM ${table}`).get())}`)
    .join(' ');
}

it('every correct() call either stores exactly what redact() returns (event and outbox) or throws a typed error and writes nothing', async () => {
  const outcomes = { stored: 0, dryRun: 0, validation: 0, typeError: 0 };
  await fc.assert(
    fc.asyncProperty(draftOrFinal, draftOrFinal, optionsSpec, async (draft, final, spec) => {
      const { options, reads } = buildOptions(spec);
      const before = tableCounts();
      let result;
      try {
        result = await brain.correct(draft as string, final as string, options as CorrectOptions);
      } catch (error) {
        if (error instanceof TypeError) {
          // SPEC §5.1: only a non-string draft or final.
          expect(typeof draft !== 'string' || typeof final !== 'string').toBe(true);
          outcomes.typeError += 1;
        } else {
          expect(error).toBeInstanceOf(GradataError);
          expect((error as Error).name).toMatch(/^Gradata\w*Error$/);
          expect(typeof (error as GradataError).code).toBe('string');
          outcomes.validation += 1;
        }
        expect(tableCounts()).toBe(before);
        return;
      }
      expect(typeof draft === 'string' && typeof final === 'string').toBe(true);
      // Options are read once: a getter that would answer differently later cannot change anything.
      for (const count of Object.values(reads)) expect(count).toBeLessThanOrEqual(1);
      if (result.eventId === '') {
        outcomes.dryRun += 1;
        expect(tableCounts()).toBe(before);
        return;
      }
      outcomes.stored += 1;
      const redactedDraft = redact(draft as string).text;
      const redactedFinal = redact(final as string).text;
      const event = reader.prepare("SELECT session, data_json FROM events WHERE event_id = ? AND type = 'CORRECTION'").get(result.eventId) as { session: number; data_json: string };
      const data = JSON.parse(event.data_json) as Record<string, unknown>;
      expect(data.draft).toBe(redactedDraft);
      expect(data.final).toBe(redactedFinal);
      expect(event.session).toBe(result.session);
      const context = (data as { context?: unknown }).context;
      if (context !== undefined) expect(typeof context).toBe('string');
      const listed = brain.corrections({ limit: 1 })[0];
      expect(listed).toMatchObject({ eventId: result.eventId, draft: redactedDraft, final: redactedFinal, category: result.category });

      const row = reader.prepare('SELECT payload_json FROM sync_queue WHERE event_id = ?').get(result.eventId) as { payload_json: string };
      const payload = JSON.parse(row.payload_json) as { brain_id: string; event_id: string; correction: Record<string, unknown> };
      expect(payload.event_id).toBe(result.eventId);
      expect(payload.brain_id).toBe(brain.brainId);
      expect(payload.correction).toMatchObject({
        session: result.session,
        category: result.category,
        severity: result.severity,
        draft: firstCodePoints(redactedDraft, WIRE_TEXT_LIMIT),
        final: firstCodePoints(redactedFinal, WIRE_TEXT_LIMIT),
      });
      expect([...(payload.correction.description as string)].length).toBeLessThanOrEqual(500);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  // The generators must reach every branch, or the property proves little.
  // (see above), or the property proves little.
  expect(outcomes.stored).toBeGreaterThan(10);
  expect(outcomes.validation).toBeGreaterThan(10);
  expect(outcomes.typeError).toBeGreaterThan(0);
  expect(outcomes.dryRun).toBeGreaterThan(0);

  // Still usable afterwards.
  const after = await brain.correct('We ship on Friday.', 'We ship on Monday.');
  expect(after.eventId).not.toBe('');
  expect(brain.syncStatus().pending).toBeGreaterThan(0);
});
