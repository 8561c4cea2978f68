/**
 * The retention prune adapts its chunk to how long the last one held the write lock (target 4 ms):
 * halve when slower, grow by half when under half the target, keep it in between; never below 10
 * rows nor above 2,000. A pure function of its inputs: the elapsed time is given, never measured.
 */
import { PRUNE_CHUNK_ROWS, PRUNE_CHUNK_TARGET_MS, nextPruneChunkRows } from '@gradata/core';

test.each([
  ['slower than the target: halved', 100, PRUNE_CHUNK_TARGET_MS + 0.5, 50],
  ['much slower: halved, rounded down', 101, 40, 50],
  ['halving stops at 10 rows', 15, 40, 10],
  ['exactly the target: kept', 100, PRUNE_CHUNK_TARGET_MS, 100],
  ['just under the target, over half of it: kept', 100, PRUNE_CHUNK_TARGET_MS - 0.5, 100],
  ['exactly half the target: kept', 100, PRUNE_CHUNK_TARGET_MS / 2, 100],
  ['under half the target: grown by half', 100, PRUNE_CHUNK_TARGET_MS / 2 - 0.1, 150],
  ['growth rounds up', 101, 0, 152],
  ['growth stops at 2,000 rows', 1_900, 0, 2_000],
])('%s', (_name, rows, elapsedMs, expected) => {
  expect(nextPruneChunkRows(rows, elapsedMs)).toBe(expected);
});

test('the first chunk and the target are the documented ones (100 rows, 4 ms)', () => {
  expect(PRUNE_CHUNK_ROWS).toBe(100);
  expect(PRUNE_CHUNK_TARGET_MS).toBe(4);
});
