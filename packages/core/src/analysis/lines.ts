import { ADDED, REMOVED, TokenIds, boundedDiff } from './myers';

/** Lines added and removed between draft and final. */
export interface LineCounts {
  linesAdded: number;
  linesRemoved: number;
}

// Same bound as the token diff (see similarity.ts): past it, lines are matched order-blind.
const MAX_EDITS = 64;

/** Counts added and removed lines with a line diff; an empty text has no lines. */
export function countLineChanges(draft: string, final: string): LineCounts {
  if (draft === final) return { linesAdded: 0, linesRemoved: 0 };
  // Single-line texts (the common chat reply) need no diff at all.
  if (draft.indexOf('\n') === -1 && final.indexOf('\n') === -1) {
    return { linesAdded: final.length > 0 ? 1 : 0, linesRemoved: draft.length > 0 ? 1 : 0 };
  }
  const draftLines = draft.length > 0 ? draft.split('\n') : [];
  const finalLines = final.length > 0 ? final.split('\n') : [];
  let head = 0;
  const limit = Math.min(draftLines.length, finalLines.length);
  while (head < limit && draftLines[head] === finalLines[head]) head++;
  let tail = 0;
  while (
    tail < limit - head &&
    draftLines[draftLines.length - 1 - tail] === finalLines[finalLines.length - 1 - tail]
  ) {
    tail++;
  }
  const removedSide = draftLines.slice(head, draftLines.length - tail);
  const addedSide = finalLines.slice(head, finalLines.length - tail);
  if (removedSide.length === 0 || addedSide.length === 0) {
    return { linesAdded: addedSide.length, linesRemoved: removedSide.length };
  }
  const ids = new TokenIds();
  const runs = boundedDiff(ids.encode(removedSide), ids.encode(addedSide), MAX_EDITS);
  if (runs === undefined) return bagLineCounts(removedSide, addedSide);
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const run of runs) {
    if (run.kind === ADDED) linesAdded += run.count;
    else if (run.kind === REMOVED) linesRemoved += run.count;
  }
  return { linesAdded, linesRemoved };
}

/** Order-blind fallback when the edit bound is hit: lines present on one side only. */
function bagLineCounts(removedSide: string[], addedSide: string[]): LineCounts {
  const counts = new Map<string, number>();
  for (const line of removedSide) counts.set(line, (counts.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of addedSide) {
    const n = counts.get(line);
    if (n !== undefined && n > 0) {
      counts.set(line, n - 1);
      shared++;
    }
  }
  return { linesAdded: addedSide.length - shared, linesRemoved: removedSide.length - shared };
}
