import fs from 'node:fs';
import path from 'node:path';
import { analyzeCorrection } from '@gradata/core';
import { loadDemoCorrections } from '../../src/demo/corrections';
import { parseJson, runCli, sandbox } from '../helpers/cli';

// Each test spawns several CLI processes (about 0.5 s each, several times that on a loaded CI machine).
jest.setTimeout(120_000);

describe('gradata demo', () => {
  const shipped = loadDemoCorrections();

  test('the shipped data set is big and varied enough', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(24);
    expect(new Set(shipped.map((c) => c.agent))).toEqual(new Set(['support', 'sales', 'coding']));
    expect(shipped.some((c) => /@/.test(c.draft) && /\+?\d[\d ]{8,}/.test(c.draft))).toBe(true);
    const analyses = shipped.map((c) => analyzeCorrection(c.draft, c.final));
    const kinds = new Set(analyses.flatMap((a) => a.classifications.map((k) => k.kind)));
    expect([...kinds].sort()).toEqual(['CONTENT', 'FACTUAL', 'PROCESS', 'STRUCTURE', 'STYLE', 'TONE']);
    expect(new Set(analyses.map((a) => a.severity)).size).toBeGreaterThanOrEqual(4);
  });

  test('records every shipped correction, shows each one delivered, and exits 0 without a TTY', async () => {
    const { env, home } = sandbox();
    const result = await runCli(['demo'], { env, cwd: home, timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => /^\s+\d+\s+(support|sales|coding)\s/.test(line));
    expect(rows).toHaveLength(shipped.length);
    for (const row of rows) expect(row).toMatch(/delivered in \d+(\.\d)? ms$/);
    expect(result.stdout).toContain(`Delivered ${shipped.length}/${shipped.length} corrections`);
    expect(result.stdout).toMatch(/\[REDACTED:email\]/);
    expect(result.stdout).toMatch(/lesson\(s\) graduated/);
    expect(result.stdout).toMatch(/INSTINCT → PATTERN/);
    expect(result.stdout).toMatch(/pending 0, in flight 0, failing 0, dead 0, synced \d+/);
    expect(result.stdout).toContain('Temporary brain removed.');
    const brainLine = /brain\s+(\S+)\s+\(temporary/.exec(result.stdout);
    expect(brainLine).not.toBeNull();
    expect(fs.existsSync(brainLine![1])).toBe(false);
  });

  test('--json --count N --brain DIR reports N delivered rows and keeps the brain', async () => {
    const { env, home, brain } = sandbox();
    const result = await runCli(['demo', '--json', '--count', '4', '--brain', brain], { env, cwd: home, timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    const report = parseJson(result);
    expect(report.rows).toHaveLength(4);
    expect(report.rows.every((row: { deliveredMs: number | null }) => typeof row.deliveredMs === 'number')).toBe(true);
    expect(report).toMatchObject({ allDelivered: true, temporaryBrain: false, receiverStored: 4, status: { pending: 0, dead: 0, synced: 4 } });
    expect(fs.existsSync(path.join(brain, 'system.db'))).toBe(true);
  });
});
