import { diffFacts } from './facts';
import { COMMON_CAPITALISED, FORMAL, HEDGES, INFORMAL, SEQUENCING } from './lexicon';
import type { TokenDiff, TokenHunk } from './similarity';
import { countWords, isWordToken } from './tokenize';
import type { Classification, ClassificationKind } from './types';

/** Tie-break order when two kinds are equally confident: the more specific explanation first. */
const KIND_ORDER: readonly ClassificationKind[] = ['FACTUAL', 'TONE', 'PROCESS', 'STRUCTURE', 'STYLE', 'CONTENT'];

const LIST_ITEM_RE = /^[ \t]*(?:[-*•+]|\d{1,3}[.)])[ \t]+\S/gm;
const HEADING_RE = /^[ \t]*#{1,6}[ \t]+\S/gm;
const PARAGRAPH_BREAK_RE = /\n[ \t]*\n/g;
const CONTRACTION_RE = /['\u2019](?:s|t|re|ve|ll|d|m)$/i;
const DIGIT_RE = /\d/;
const CAPITALISED_RE = /^[A-Z]/;
const QUOTE_MAX = 40;

/** Word-level view of the edit that every detector reads. */
interface EditFeatures {
  removedWords: string[];
  addedWords: string[];
  /** Lower-cased words both removed somewhere and added somewhere: moved, not new. */
  movedCount: number;
  changedWords: number;
  draftWords: number;
  finalWords: number;
  editDistance: number;
}

/** Explains an edit as one or more kinds, most confident first; never empty. */
export function classifyEdit(draft: string, final: string, diff: TokenDiff, editDistance: number): Classification[] {
  const features = extractFeatures(draft, final, diff, editDistance);
  const found: Classification[] = [];
  // In a rewrite (most of the draft gone) every detector fires on something; only CONTENT keeps its
  // full weight there. Pure additions are not rewrites: steps or facts added stay fully weighted.
  const rewritten = editDistance >= 0.5 && features.removedWords.length - features.movedCount >= 0.5 * features.draftWords;
  const rewriteDamping = rewritten ? 1.25 - editDistance : 1;
  const push = (kind: ClassificationKind, confidence: number, description: string): void => {
    const weighted = kind === 'CONTENT' ? confidence : confidence * rewriteDamping;
    found.push({ kind, confidence: Math.round(clamp(weighted) * 100) / 100, description });
  };

  detectFactual(draft, final, features, push);
  detectTone(diff.hunks, features, push);
  detectStructure(draft, final, features, push);
  detectProcess(draft, final, features, push);
  detectStyle(diff.hunks, features, push);
  detectContent(features, push);

  if (found.length === 0) {
    if (editDistance < 0.3) push('STYLE', 0.3, 'minor wording changes');
    else push('CONTENT', 0.3, 'content changed');
  }
  return found.sort(
    (a, b) => b.confidence - a.confidence || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
}

type Push = (kind: ClassificationKind, confidence: number, description: string) => void;

function extractFeatures(draft: string, final: string, diff: TokenDiff, editDistance: number): EditFeatures {
  const removedWords: string[] = [];
  const addedWords: string[] = [];
  for (const hunk of diff.hunks) {
    for (const token of hunk.removed) if (isWordToken(token)) removedWords.push(token);
    for (const token of hunk.added) if (isWordToken(token)) addedWords.push(token);
  }
  let movedCount = 0;
  if (removedWords.length > 0 && addedWords.length > 0) {
    const pool = new Map<string, number>();
    for (const word of removedWords) {
      const key = word.toLowerCase();
      pool.set(key, (pool.get(key) ?? 0) + 1);
    }
    for (const word of addedWords) {
      const key = word.toLowerCase();
      const n = pool.get(key);
      if (n !== undefined && n > 0) {
        pool.set(key, n - 1);
        movedCount++;
      }
    }
  }
  return {
    removedWords,
    addedWords,
    movedCount,
    changedWords: removedWords.length + addedWords.length,
    draftWords: countWords(draft),
    finalWords: countWords(final),
    editDistance,
  };
}

function detectFactual(draft: string, final: string, f: EditFeatures, push: Push): void {
  if (f.changedWords === 0) return;
  const { removed, added } = diffFacts(draft, final);
  const changed = Math.max(removed.length, added.length);
  if (changed === 0) return;
  const focus = Math.min(1, (2 * (removed.length + added.length)) / f.changedWords);
  const more = changed > 1 ? ` (+${changed - 1} more)` : '';
  let description: string;
  if (removed.length > 0 && added.length > 0) description = `changed ${quote(removed[0])} → ${quote(added[0])}${more}`;
  else if (removed.length > 0) description = `dropped ${quote(removed[0])}${more}`;
  else description = `added ${quote(added[0])}${more}`;
  // A fact swapped for another is a correction of fact; facts only added or cut ride along with content.
  const base = removed.length > 0 && added.length > 0 ? 0.5 + 0.05 * Math.min(changed, 3) : 0.35;
  push('FACTUAL', base + 0.3 * focus, description);
}

function detectTone(hunks: TokenHunk[], f: EditFeatures, push: Push): void {
  const hedgesRemoved = f.removedWords.filter((w) => HEDGES.has(w.toLowerCase()));
  const hedgesAdded = f.addedWords.filter((w) => HEDGES.has(w.toLowerCase()));
  const formality =
    register(f.addedWords) - register(f.removedWords) + exclamations(hunks, 'removed') - exclamations(hunks, 'added');
  const markers =
    hedgesRemoved.length +
    hedgesAdded.length +
    registerMarkers(f.addedWords) +
    registerMarkers(f.removedWords) +
    exclamations(hunks, 'removed') +
    exclamations(hunks, 'added');
  if (markers === 0) return;
  const parts: string[] = [];
  if (hedgesRemoved.length > hedgesAdded.length) parts.push(`hedges removed (${listWords(hedgesRemoved)})`);
  if (hedgesAdded.length > hedgesRemoved.length) parts.push(`hedges added (${listWords(hedgesAdded)})`);
  if (formality > 0) parts.push('more formal');
  if (formality < 0) parts.push('more casual');
  if (parts.length === 0) return; // markers swapped one for one: no net change of tone
  const focus = Math.min(1, markers / Math.max(1, f.changedWords));
  push('TONE', 0.35 + 0.5 * focus + 0.05 * Math.min(markers, 3), parts.join(', '));
}

function detectStructure(draft: string, final: string, f: EditFeatures, push: Push): void {
  const sameWords = f.changedWords === 0 ? 1 : (2 * f.movedCount) / f.changedWords;
  const changes: string[] = [];
  if (draft.indexOf('\n') !== -1 || final.indexOf('\n') !== -1) {
    const itemsBefore = count(draft, LIST_ITEM_RE);
    const itemsAfter = count(final, LIST_ITEM_RE);
    if (itemsBefore !== itemsAfter) changes.push(`list items ${itemsBefore} → ${itemsAfter}`);
    const headingsBefore = count(draft, HEADING_RE);
    const headingsAfter = count(final, HEADING_RE);
    if (headingsBefore !== headingsAfter) changes.push(`headings ${headingsBefore} → ${headingsAfter}`);
    const breaksBefore = count(draft, PARAGRAPH_BREAK_RE);
    const breaksAfter = count(final, PARAGRAPH_BREAK_RE);
    if (breaksBefore !== breaksAfter) changes.push(`paragraphs ${breaksBefore + 1} → ${breaksAfter + 1}`);
  }
  const reordered = f.movedCount >= 2 && sameWords >= 0.5;
  if (changes.length === 0 && !reordered) return;
  if (reordered) changes.unshift('same words reordered');
  const layoutBonus = changes.length > (reordered ? 1 : 0) ? 0.15 : 0;
  push('STRUCTURE', 0.35 + 0.45 * sameWords + layoutBonus, changes.join(', '));
}

function detectProcess(draft: string, final: string, f: EditFeatures, push: Push): void {
  const newWords = f.addedWords.length - f.movedCount;
  if (newWords < 3) return;
  const newItems =
    final.indexOf('\n') === -1 ? 0 : Math.max(0, count(final, LIST_ITEM_RE) - count(draft, LIST_ITEM_RE));
  const sequencingAdded =
    f.addedWords.filter((w) => SEQUENCING.has(w.toLowerCase())).length -
    f.removedWords.filter((w) => SEQUENCING.has(w.toLowerCase())).length;
  if (newItems === 0 && sequencingAdded < 1) return;
  const description =
    newItems > 0
      ? `${newItems} step${newItems === 1 ? '' : 's'} added`
      : `steps added (${listWords(f.addedWords.filter((w) => SEQUENCING.has(w.toLowerCase())))})`;
  push('PROCESS', 0.4 + 0.15 * Math.min(newItems, 3) + 0.1 * Math.min(Math.max(sequencingAdded, 0), 3), description);
}

function detectStyle(hunks: TokenHunk[], f: EditFeatures, push: Push): void {
  if (f.editDistance >= 0.5 || hunks.length === 0) return;
  let styleWords = 0;
  let swaps = 0;
  let firstSwap: TokenHunk | undefined;
  for (const hunk of hunks) {
    const removed = hunk.removed.filter(isWordToken);
    const added = hunk.added.filter(isWordToken);
    if (removed.length > 3 || added.length > 3) continue;
    if ((removed.length === 0) !== (added.length === 0)) continue; // a pure insertion or cut is not a swap
    if (removed.some(isFactOrToneWord) || added.some(isFactOrToneWord)) continue;
    swaps++;
    styleWords += removed.length + added.length;
    firstSwap ??= hunk;
  }
  if (swaps === 0 || firstSwap === undefined) return;
  const share = f.changedWords === 0 ? 1 : styleWords / f.changedWords;
  if (share < 0.3) return;
  const from = firstSwap.removed.join('').trim();
  const to = firstSwap.added.join('').trim();
  const wordsChanged = firstSwap.removed.some(isWordToken) || firstSwap.added.some(isWordToken);
  const what = wordsChanged ? 'word choice' : 'punctuation';
  const more = swaps > 1 ? ` (+${swaps - 1} more)` : '';
  push('STYLE', 0.35 + 0.5 * share - (f.editDistance > 0.3 ? 0.2 : 0), `${what}: ${quote(from)} → ${quote(to)}${more}`);
}

function detectContent(f: EditFeatures, push: Push): void {
  const largest = Math.max(f.draftWords, f.finalWords, 1);
  const net = f.finalWords - f.draftWords;
  const threshold = Math.max(3, 0.15 * f.draftWords);
  const freshAdded = f.addedWords.length - f.movedCount;
  const freshRemoved = f.removedWords.length - f.movedCount;
  if (f.editDistance >= 0.75) {
    push('CONTENT', 0.4 + 0.5 * f.editDistance, 'content rewritten');
  } else if (net >= threshold && freshRemoved <= net / 2) {
    push('CONTENT', 0.35 + (0.8 * net) / largest, `content added: +${net} words`);
  } else if (-net >= threshold && freshAdded <= -net / 2) {
    push('CONTENT', 0.35 + (0.8 * -net) / largest, `content cut: −${-net} words`);
  } else if (f.editDistance >= 0.5) {
    push('CONTENT', 0.4 + 0.5 * f.editDistance, 'content rewritten');
  } else if (freshAdded + freshRemoved >= Math.max(6, 0.3 * largest)) {
    push('CONTENT', 0.3 + (freshAdded + freshRemoved) / (2 * largest), 'content changed');
  }
}

/** Words another detector explains better: numbers, names, hedges and register markers. */
function isFactOrToneWord(word: string): boolean {
  const lower = word.toLowerCase();
  return (
    DIGIT_RE.test(word) ||
    (CAPITALISED_RE.test(word) && !COMMON_CAPITALISED.has(word)) ||
    HEDGES.has(lower) ||
    FORMAL.has(lower) ||
    INFORMAL.has(lower)
  );
}

/** +1 per formal marker, −1 per casual marker or contraction. */
function register(words: string[]): number {
  let score = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (FORMAL.has(lower)) score++;
    else if (INFORMAL.has(lower) || CONTRACTION_RE.test(word)) score--;
  }
  return score;
}

function registerMarkers(words: string[]): number {
  let n = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (FORMAL.has(lower) || INFORMAL.has(lower) || CONTRACTION_RE.test(word)) n++;
  }
  return n;
}

function exclamations(hunks: TokenHunk[], side: 'removed' | 'added'): number {
  let n = 0;
  for (const hunk of hunks) for (const token of hunk[side]) if (token === '!') n++;
  return n;
}

function count(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

function listWords(words: string[]): string {
  const unique = [...new Set(words.map((w) => w.toLowerCase()))];
  return unique.slice(0, 3).join(', ') + (unique.length > 3 ? ', …' : '');
}

/**
 * A piece of the caller's text inside a description. U+0000 is shown as ␀: a description is stored
 * as a plain column (lessons.description), and Node 22's node:sqlite, which cuts text at U+0000,
 * would have the driver seam refuse the whole correction.
 */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\u0000/g, '␀');
  return `"${flat.length > QUOTE_MAX ? `${flat.slice(0, QUOTE_MAX - 1)}…` : flat}"`;
}

function clamp(value: number): number {
  return value < 0.05 ? 0.05 : value > 0.95 ? 0.95 : value;
}
