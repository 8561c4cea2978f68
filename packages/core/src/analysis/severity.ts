import type { Severity } from './types';

/** Upper bounds (exclusive) of each band, checked in order; anything at or above the last is `discarded`. */
const SEVERITY_BANDS: ReadonlyArray<readonly [number, Severity]> = [
  [0.02, 'as-is'],
  [0.1, 'minor'],
  [0.3, 'moderate'],
  [0.8, 'major'],
];

/** Maps a compression distance (0..1) to its severity band (SPEC §5.2). */
export function severityFor(distance: number): Severity {
  for (const [below, severity] of SEVERITY_BANDS) {
    if (distance < below) return severity;
  }
  return 'discarded';
}
