/**
 * A bounded Myers O(ND) diff over integer sequences. It follows jsdiff's `diffArrays` step for step
 * (the same diagonal order, the same add-versus-remove choice, the same pruning at the edges of the
 * edit graph), so it returns the same edit script, and gives up past the same edit bound. Paths live
 * in typed arrays instead of one object per step, which makes it about ten times faster on the
 * token lists the analysis compares.
 */

export const COMMON = 0;
export const REMOVED = 1;
export const ADDED = 2;
export type RunKind = typeof COMMON | typeof REMOVED | typeof ADDED;

/** A run of `count` consecutive items kept, removed from the old side or added from the new side. */
export interface EditRun {
  kind: RunKind;
  count: number;
}

/** Makes equal strings equal numbers, so the diff compares integers. */
export class TokenIds {
  private readonly ids = new Map<string, number>();

  /** The id of each item, assigning new ids to unseen ones. */
  encode(items: readonly string[]): Int32Array {
    const out = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++) {
      let id = this.ids.get(items[i]);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(items[i], id);
      }
      out[i] = id;
    }
    return out;
  }
}

// Scratch space shared by every call (the diff is synchronous, so calls never overlap), grown on demand.
let parent = new Int32Array(2048);
let kind = new Uint8Array(2048);
let endOld = new Int32Array(2048);
let best = new Int32Array(131);

/**
 * The shortest edit script turning `before` into `after`, as runs in order, or `undefined` when it
 * needs more than `maxEdits` insertions plus deletions.
 */
export function boundedDiff(before: Int32Array, after: Int32Array, maxEdits: number): EditRun[] | undefined {
  const oldLen = before.length;
  const newLen = after.length;
  const maxD = Math.min(maxEdits, oldLen + newLen);
  // Every extension of a path is a node: the node it extends, how, and where its closing run of
  // equal items ends in `before`. A path is its last node. Round d adds at most d + 1 nodes.
  const maxNodes = 1 + ((maxD + 1) * (maxD + 2)) / 2;
  if (parent.length < maxNodes) {
    parent = new Int32Array(maxNodes);
    kind = new Uint8Array(maxNodes);
    endOld = new Int32Array(maxNodes);
  }
  // best[k + offset]: the furthest-reaching path on diagonal k, or -1.
  const offset = maxD + 1;
  if (best.length < 2 * maxD + 3) best = new Int32Array(2 * maxD + 3);
  best.fill(-1, 0, 2 * maxD + 3);

  parent[0] = -1;
  kind[0] = COMMON;
  endOld[0] = slide(before, after, -1, 0);
  if (endOld[0] + 1 >= oldLen && endOld[0] + 1 >= newLen) return buildRuns(0);
  best[offset] = 0;
  let nodes = 1;
  // Diagonals outside these bounds have run off the edge of the edit graph (jsdiff's pruning).
  let minDiagonal = -offset;
  let maxDiagonal = offset;
  for (let d = 1; d <= maxD; d++) {
    const last = Math.min(maxDiagonal, d);
    for (let k = Math.max(minDiagonal, -d); k <= last; k += 2) {
      const removeFrom = best[k - 1 + offset];
      const addFrom = best[k + 1 + offset];
      if (removeFrom !== -1) best[k - 1 + offset] = -1;
      let canAdd = false;
      if (addFrom !== -1) {
        const newPosAfterAdd = endOld[addFrom] - k;
        canAdd = newPosAfterAdd >= 0 && newPosAfterAdd < newLen;
      }
      const canRemove = removeFrom !== -1 && endOld[removeFrom] + 1 < oldLen;
      if (!canAdd && !canRemove) {
        best[k + offset] = -1;
        continue;
      }
      const node = nodes++;
      let oldPos: number;
      // Extend whichever neighbour reaches further into `before` (jsdiff's rule, ties go to removal).
      if (!canRemove || (canAdd && endOld[removeFrom] < endOld[addFrom])) {
        parent[node] = addFrom;
        kind[node] = ADDED;
        oldPos = endOld[addFrom];
      } else {
        parent[node] = removeFrom;
        kind[node] = REMOVED;
        oldPos = endOld[removeFrom] + 1;
      }
      oldPos = slide(before, after, oldPos, k);
      endOld[node] = oldPos;
      const newPos = oldPos - k;
      if (oldPos + 1 >= oldLen && newPos + 1 >= newLen) return buildRuns(node);
      best[k + offset] = node;
      if (oldPos + 1 >= oldLen && k - 1 < maxDiagonal) maxDiagonal = k - 1;
      if (newPos + 1 >= newLen && k + 1 > minDiagonal) minDiagonal = k + 1;
    }
  }
  return undefined;
}

/** Follows diagonal k over equal items from oldPos; returns the last oldPos reached. */
function slide(before: Int32Array, after: Int32Array, oldPos: number, k: number): number {
  const oldLen = before.length;
  const newLen = after.length;
  let newPos = oldPos - k;
  while (newPos + 1 < newLen && oldPos + 1 < oldLen && before[oldPos + 1] === after[newPos + 1]) {
    oldPos++;
    newPos++;
  }
  return oldPos;
}

/** Walks a path back to the root and returns its runs in order, merging adjacent edits of one kind. */
function buildRuns(last: number): EditRun[] {
  const path: number[] = [];
  for (let node = last; node !== -1; node = parent[node]) path.push(node);
  const runs: EditRun[] = [];
  const push = (how: RunKind, count: number): void => {
    if (count === 0) return;
    const previous = runs[runs.length - 1];
    if (previous !== undefined && previous.kind === how && how !== COMMON) previous.count += count;
    else runs.push({ kind: how, count });
  };
  push(COMMON, endOld[0] + 1);
  for (let i = path.length - 2; i >= 0; i--) {
    const node = path[i];
    const how = kind[node] as RunKind;
    push(how, 1);
    // After an insertion the old position is unchanged; after a deletion it moved one on.
    push(COMMON, endOld[node] - endOld[parent[node]] - (how === REMOVED ? 1 : 0));
  }
  return runs;
}
