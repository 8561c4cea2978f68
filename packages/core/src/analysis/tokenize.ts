/**
 * Word-level tokens shared by the similarity diff and the classifier. Every character of the input
 * lands in exactly one token (words, whitespace runs, single punctuation marks), so token lengths
 * add up to the text length and a character-weighted ratio stays exact.
 */

// Letters outside ASCII count as word characters, except the General Punctuation block (dashes, curly quotes).
const WORD = 'A-Za-z0-9_\\u00C0-\\u1FFF\\u2070-\\uFFFF';
const TOKEN_RE = new RegExp(`[${WORD}]+(?:['\\u2019][${WORD}]+)*|\\s+|[^\\s${WORD}]`, 'g');
const WORD_TOKEN_RE = new RegExp(`^[${WORD}]`);

/** Splits text into word, whitespace and punctuation tokens. */
export function tokenize(text: string): string[] {
  return text.length === 0 ? [] : (text.match(TOKEN_RE) ?? []);
}

/** True for a token that is a word (as opposed to whitespace or punctuation). */
export function isWordToken(token: string): boolean {
  return WORD_TOKEN_RE.test(token);
}

/** True for a token made of whitespace only (tokens never mix whitespace with anything else). */
export function isWhitespaceToken(token: string): boolean {
  const code = token.charCodeAt(0);
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 160 || (code > 0x1fff && /^\s/.test(token));
}

/** True for a UTF-16 code unit that belongs to a word, consistent with `tokenize`. */
export function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    (code >= 0xc0 && code <= 0x1fff) ||
    code >= 0x2070
  );
}

/** Counts words with one pass over the char codes (no allocation). */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const word = isWordCode(text.charCodeAt(i));
    if (word && !inWord) count++;
    inWord = word;
  }
  return count;
}
