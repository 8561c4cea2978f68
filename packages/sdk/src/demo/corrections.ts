import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli/exit-codes';

/** One shipped demo correction: what an agent wrote and what the person kept. */
export interface DemoCorrection {
  agent: string;
  draft: string;
  final: string;
  /** The caller's category; the analysis picks one when absent. */
  category?: string;
  /** Why the person edited it (for readers of the data file; not recorded). */
  note?: string;
}

/**
 * The data file, resolved from the package root so it is found both from `src/demo` (jest) and
 * `dist/demo` (the built CLI): `<package>/data/demo-corrections.json`.
 */
export const DEMO_DATA_FILE = path.join(__dirname, '..', '..', 'data', 'demo-corrections.json');

function isDemoCorrection(value: unknown): value is DemoCorrection {
  const c = value as Partial<DemoCorrection> | null;
  return (
    typeof c === 'object' && c !== null &&
    typeof c.agent === 'string' && typeof c.draft === 'string' && typeof c.final === 'string' &&
    (c.category === undefined || typeof c.category === 'string')
  );
}

/** Load and check the shipped corrections; a broken file is a clear error, not a crash mid-demo. */
export function loadDemoCorrections(file: string = DEMO_DATA_FILE): DemoCorrection[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError('DEMO_DATA', `cannot read the demo corrections at ${file}: ${(err as Error).message}`);
  }
  const list = (parsed as { corrections?: unknown } | null)?.corrections;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isDemoCorrection)) {
    throw new CliError('DEMO_DATA', `${file} must hold { "corrections": [{ "agent", "draft", "final" }, …] }`);
  }
  return list;
}

/** The first `count` corrections, cycling through the set when more are asked for than it holds. */
export function pickCorrections(all: readonly DemoCorrection[], count: number | undefined): DemoCorrection[] {
  const n = count ?? all.length;
  return Array.from({ length: n }, (_, i) => all[i % all.length] as DemoCorrection);
}
