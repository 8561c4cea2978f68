import { ADDED, COMMON, TokenIds, boundedDiff } from './myers';
import { isWhitespaceToken, isWordCode, tokenize } from './tokenize';

/** One changed region of the token diff: what the draft had there and what the final has. */
export interface TokenHunk {
  removed: string[];
  added: string[];
}

/** Result of comparing draft and final token by token. */
export interface TokenDiff {
  /** 2 × common characters / total characters, 0..1 (difflib's ratio, weighted by token length). */
  similarity: number;
  /** Changed regions in order; empty when the texts are equal. */
  hunks: TokenHunk[];
  /** False when the edit bound was hit and `similarity` is the order-blind fallback estimate. */
  exact: boolean;
}

/**
 * A Myers diff costs roughly (edits² + tokens × edits) steps, so a rewrite of a long reply would
 * cost far more than every other part of the analysis together. Past this many
 * edits the order-aware diff stops paying for itself: the texts are mostly different, and the
 * order-blind overlap is used instead (flagged `exact: false`).
 */
const MAX_EDITS = 64;

/** Compares draft and final at word level, with bounded running time. */
export function diffTokens(draft: string, final: string): TokenDiff {
  const total = draft.length + final.length;
  if (draft === final) return { similarity: 1, hunks: [], exact: true };
  if (total === 0) return { similarity: 1, hunks: [], exact: true };

  // Trimming the shared head and tail (on word boundaries, so hunks hold whole words) makes the
  // common small edit cost almost nothing.
  const [head, tail] = commonEnds(draft, final);
  const draftTokens = tokenize(draft.slice(head, draft.length - tail));
  const finalTokens = tokenize(final.slice(head, final.length - tail));
  const tokenCount = draftTokens.length + finalTokens.length;
  if (tokenCount > MAX_EDITS) {
    // Tokens outside the shared bag must be edited, so a small overlap proves the bound would be hit.
    const overlap = bagOverlap(draftTokens, finalTokens);
    if (tokenCount - 2 * overlap.tokens > MAX_EDITS) return inexact(head + tail + overlap.chars, total, draftTokens, finalTokens);
  }
  const ids = new TokenIds();
  const runs = boundedDiff(ids.encode(draftTokens), ids.encode(finalTokens), MAX_EDITS);
  if (runs === undefined) {
    return inexact(head + tail + bagOverlap(draftTokens, finalTokens).chars, total, draftTokens, finalTokens);
  }

  let common = head + tail;
  const hunks: TokenHunk[] = [];
  let open: TokenHunk | undefined;
  // Whitespace alone between two changed regions joins them ("reaching out" → "contacting us" is one swap).
  let bridgeStart = -1;
  let bridgeEnd = -1;
  let draftAt = 0;
  let finalAt = 0;
  for (const { kind, count } of runs) {
    if (kind === COMMON) {
      const end = draftAt + count;
      let allWhitespace = open !== undefined;
      for (let i = draftAt; i < end; i++) {
        common += draftTokens[i].length;
        if (allWhitespace && !isWhitespaceToken(draftTokens[i])) allWhitespace = false;
      }
      if (allWhitespace) {
        bridgeStart = draftAt;
        bridgeEnd = end;
      } else {
        bridgeStart = -1;
        open = undefined;
      }
      draftAt = end;
      finalAt += count;
      continue;
    }
    if (open === undefined) {
      open = { removed: [], added: [] };
      hunks.push(open);
    } else if (bridgeStart !== -1) {
      for (let i = bridgeStart; i < bridgeEnd; i++) {
        open.removed.push(draftTokens[i]);
        open.added.push(draftTokens[i]);
      }
      bridgeStart = -1;
    }
    if (kind === ADDED) {
      for (let i = finalAt; i < finalAt + count; i++) open.added.push(finalTokens[i]);
      finalAt += count;
    } else {
      for (let i = draftAt; i < draftAt + count; i++) open.removed.push(draftTokens[i]);
      draftAt += count;
    }
  }
  return { similarity: (2 * common) / total, hunks, exact: true };
}

/** Lengths of the common prefix and suffix, pulled back so neither cuts a word in half. */
function commonEnds(a: string, b: string): [number, number] {
  const limit = Math.min(a.length, b.length);
  let head = 0;
  while (head < limit && a.charCodeAt(head) === b.charCodeAt(head)) head++;
  if (wordAt(a, head) || wordAt(b, head)) {
    while (head > 0 && isWordCode(a.charCodeAt(head - 1))) head--;
  }
  let tail = 0;
  const tailLimit = limit - head;
  while (tail < tailLimit && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
  if (wordAt(a, a.length - tail - 1) || wordAt(b, b.length - tail - 1)) {
    while (tail > 0 && isWordCode(a.charCodeAt(a.length - tail))) tail--;
  }
  return [head, tail];
}

function wordAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isWordCode(text.charCodeAt(index));
}

function inexact(common: number, total: number, removed: string[], added: string[]): TokenDiff {
  return { similarity: (2 * common) / total, hunks: [{ removed, added }], exact: false };
}

/** Tokens (and their characters) the two lists share regardless of order: an upper bound on the ordered match. */
function bagOverlap(left: string[], right: string[]): { tokens: number; chars: number } {
  const counts = new Map<string, number>();
  for (const token of left) counts.set(token, (counts.get(token) ?? 0) + 1);
  let tokens = 0;
  let chars = 0;
  for (const token of right) {
    const n = counts.get(token);
    if (n !== undefined && n > 0) {
      counts.set(token, n - 1);
      tokens++;
      chars += token.length;
    }
  }
  return { tokens, chars };
}
