import { applyRule, COMPILED_RULES, redact } from '../../src/redaction/redact';
import { negativeSamples, positiveSamples, type PositiveSample } from '../fixtures/secrets-corpus';

/**
 * Recall and false alarms on the measured corpus (test/fixtures/secrets-corpus): positives written
 * from the vendors' documented formats in the contexts secrets turn up in (config files, .env,
 * shell history, logs, JSON, code, chat), negatives that look random without being secrets. The
 * figures printed here are the ones the README states.
 */

const PIECE = 12;

/** True when the secret, or any 12-character piece of it, is still in `text`. */
function survives(text: string, secret: string): boolean {
  if (secret.length <= PIECE) return text.includes(secret);
  for (let i = 0; i + PIECE <= secret.length; i++) if (text.includes(secret.slice(i, i + PIECE))) return true;
  return false;
}

interface FamilyRecall {
  family: string;
  caught: number;
  total: number;
  missed: string[];
}

function recallByFamily(samples: readonly PositiveSample[]): FamilyRecall[] {
  const byFamily = new Map<string, FamilyRecall>();
  for (const sample of samples) {
    const row = byFamily.get(sample.family) ?? { family: sample.family, caught: 0, total: 0, missed: [] };
    byFamily.set(sample.family, row);
    row.total++;
    if (survives(redact(sample.text).text, sample.secret)) row.missed.push(sample.text);
    else row.caught++;
  }
  return [...byFamily.values()];
}

const positives = positiveSamples();
const negatives = negativeSamples();

it('the corpus is big enough to measure: 300+ positives over 60+ families, 200+ negatives', () => {
  expect(positives.length).toBeGreaterThanOrEqual(300);
  expect(new Set(positives.map((s) => s.family)).size).toBeGreaterThanOrEqual(60);
  expect(negatives.length).toBeGreaterThanOrEqual(200);
  for (const sample of positives) expect(sample.secret.length).toBeGreaterThanOrEqual(4);
});

it('recall is at least 95 % overall and in every family', () => {
  const rows = recallByFamily(positives);
  const caught = rows.reduce((sum, row) => sum + row.caught, 0);
  const recall = caught / positives.length;
  const table = rows.map((row) => `${row.family.padEnd(36)} ${row.caught}/${row.total}`).join('\n');
  console.log(`recall ${(100 * recall).toFixed(1)} % (${caught}/${positives.length}) over ${rows.length} families\n${table}`);
  expect(rows.filter((row) => row.caught / row.total < 0.95).map((row) => ({ family: row.family, missed: row.missed }))).toEqual([]);
  expect(recall).toBeGreaterThanOrEqual(0.95);
});

it('false alarms stay at or under 1 % of the negatives', () => {
  const touched = negatives.filter((text) => redact(text).text !== text);
  console.log(`false alarms ${touched.length}/${negatives.length} (${((100 * touched.length) / negatives.length).toFixed(2)} %)`);
  expect(touched.length / negatives.length).toBeLessThanOrEqual(0.01);
});

it('the gate only saves time: every rule run on every corpus text gives the same result', () => {
  const everyRule = (text: string): string => COMPILED_RULES.reduce((out, compiled) => applyRule(out, compiled), text);
  const differing = [...positives.map((s) => s.text), ...negatives].filter((text) => redact(text).text !== everyRule(text));
  expect(differing).toEqual([]);
});
