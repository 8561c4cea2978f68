/**
 * The similarity ratio of Python's `difflib.SequenceMatcher(None, a, b, autojunk=False)`, ported
 * step for step (our own code, written from CPython's algorithm): find the longest matching block
 * (earliest in `a`, then earliest in `b`), recurse on both sides of it, and count matched elements;
 * ratio = 2·M / (len(a) + len(b)). It is not a minimal-edit diff, so a Myers or LCS diff gives other
 * figures; only this algorithm gives Python's. Elements are Unicode code points, as in Python strings.
 */

/** The code points of `text`; a lone surrogate counts as one element, as in a Python string. */
export function codePoints(text: string): Int32Array {
  const out = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const high = text.charCodeAt(i);
    if (high >= 0xd800 && high <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out[n++] = ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    out[n++] = high;
  }
  return n === out.length ? out : out.subarray(0, n);
}

/** `len(text)` in Python: the number of code points. */
export function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const high = text.charCodeAt(i);
    if (high >= 0xd800 && high <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}

/**
 * `SequenceMatcher(None, a, b, autojunk=False).ratio()`, or `undefined` when finding it would take
 * more than `maxSteps` steps of the longest-match search. Each search costs up to
 * |a-range| × |b-range| steps and the recursion repeats it per block, so the exact ratio is cubic in
 * the worst case (a long run of one character): the caller decides what it can afford.
 */
export function sequenceRatio(a: Int32Array, b: Int32Array, maxSteps = Infinity): number | undefined {
  const total = a.length + b.length;
  if (total === 0) return 1;
  const matches = new BlockMatcher(a, b, maxSteps).countMatches();
  return matches === undefined ? undefined : (2 * matches) / total;
}

class BlockMatcher {
  /** Positions of each element in `b`, ascending, grouped by element id (Python's `b2j`). */
  private readonly positions: Int32Array;
  /** `positions[groupStart[id] .. groupStart[id + 1])` are the positions of element `id`. */
  private readonly groupStart: Int32Array;
  /** Element id of each `a[i]`, or −1 when it never occurs in `b`. */
  private readonly aIds: Int32Array;
  /**
   * Python's `j2len` and `newj2len`: the length of the match ending at (i, j), kept at index j + 1
   * so that j − 1 = −1 reads slot 0, which stays 0. Only touched slots are cleared between rows.
   */
  private previousRow: Int32Array;
  private currentRow: Int32Array;
  private previousTouched: Int32Array;
  private currentTouched: Int32Array;
  private previousCount = 0;
  private steps = 0;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly maxSteps: number,
  ) {
    // Dense ids for b's elements: a reused table for the Basic Multilingual Plane, a Map beyond it.
    const table = bmpIds();
    let astral: Map<number, number> | undefined;
    let groups = 0;
    const bIds = new Int32Array(b.length);
    for (let j = 0; j < b.length; j++) {
      const element = b[j];
      let id: number;
      if (element < 0x10000) {
        id = table[element];
        if (id < 0) id = table[element] = groups++;
      } else {
        astral ??= new Map();
        const known = astral.get(element);
        id = known ?? groups++;
        if (known === undefined) astral.set(element, id);
      }
      bIds[j] = id;
    }
    this.groupStart = new Int32Array(groups + 1);
    for (let j = 0; j < b.length; j++) this.groupStart[bIds[j] + 1]++;
    for (let id = 0; id < groups; id++) this.groupStart[id + 1] += this.groupStart[id];
    const next = this.groupStart.slice(0, groups);
    this.positions = new Int32Array(b.length);
    for (let j = 0; j < b.length; j++) this.positions[next[bIds[j]]++] = j;
    this.aIds = new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const element = a[i];
      this.aIds[i] = element < 0x10000 ? table[element] : (astral?.get(element) ?? -1);
    }
    for (let j = 0; j < b.length; j++) if (b[j] < 0x10000) table[b[j]] = -1; // leave the table clean
    this.previousRow = new Int32Array(b.length + 1);
    this.currentRow = new Int32Array(b.length + 1);
    this.previousTouched = new Int32Array(b.length);
    this.currentTouched = new Int32Array(b.length);
  }

  /** Sum of the sizes of `get_matching_blocks()`; undefined past the step budget. */
  countMatches(): number | undefined {
    let matches = 0;
    // Python's queue: a stack of (alo, ahi, blo, bhi); the order of work never changes the sum.
    const pending: number[] = [0, this.a.length, 0, this.b.length];
    while (pending.length > 0) {
      const bhi = pending.pop() as number;
      const blo = pending.pop() as number;
      const ahi = pending.pop() as number;
      const alo = pending.pop() as number;
      const found = this.findLongestMatch(alo, ahi, blo, bhi);
      if (found === undefined) return undefined;
      const [i, j, k] = found;
      if (k === 0) continue;
      matches += k;
      if (alo < i && blo < j) pending.push(alo, i, blo, j);
      if (i + k < ahi && j + k < bhi) pending.push(i + k, ahi, j + k, bhi);
    }
    return matches;
  }

  /** Python's `find_longest_match(alo, ahi, blo, bhi)` with no junk: [i, j, size]. */
  private findLongestMatch(alo: number, ahi: number, blo: number, bhi: number): [number, number, number] | undefined {
    const { a, b, positions, groupStart, aIds } = this;
    let besti = alo;
    let bestj = blo;
    let bestSize = 0;
    for (let i = alo; i < ahi; i++) {
      let count = 0;
      const id = aIds[i];
      if (id >= 0) {
        const end = groupStart[id + 1];
        // Python walks b2j[a[i]] from its start and skips j < blo; a binary search lands on the same first j.
        let p = firstAtLeast(positions, groupStart[id], end, blo);
        const previous = this.previousRow;
        const current = this.currentRow;
        const touched = this.currentTouched;
        for (; p < end; p++) {
          const j = positions[p];
          if (j >= bhi) break;
          const k = previous[j] + 1;
          current[j + 1] = k;
          touched[count++] = j + 1;
          if (k > bestSize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestSize = k;
          }
        }
      }
      this.steps += count + 1;
      if (this.steps > this.maxSteps) return undefined; // the matcher is abandoned: no need to tidy the rows
      this.endRow(count);
    }
    this.endRow(0); // leave both rows all-zero for the next search
    // Python then extends the block by equal non-junk neighbours; with no junk the block found is
    // already maximal, but the loops are kept so the port stays faithful.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestSize++;
    }
    while (besti + bestSize < ahi && bestj + bestSize < bhi && a[besti + bestSize] === b[bestj + bestSize]) bestSize++;
    return [besti, bestj, bestSize];
  }

  /** Makes the row just written the previous one, after zeroing the slots of the row it replaces. */
  private endRow(currentCount: number): void {
    const stale = this.previousRow;
    const staleTouched = this.previousTouched;
    for (let t = 0; t < this.previousCount; t++) stale[staleTouched[t]] = 0;
    this.previousRow = this.currentRow;
    this.previousTouched = this.currentTouched;
    this.previousCount = currentCount;
    this.currentRow = stale;
    this.currentTouched = staleTouched;
  }
}

let bmpTable: Int32Array | undefined;
/** Element id per BMP code point, all −1 between uses (calls are synchronous, never nested). */
function bmpIds(): Int32Array {
  bmpTable ??= new Int32Array(0x10000).fill(-1);
  return bmpTable;
}

/** First index in sorted `values[from, to)` whose value is ≥ `min`. */
function firstAtLeast(values: Int32Array, from: number, to: number, min: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
