/**
 * Finds a secret, or a fragment of one, in stored bytes or sent text. A fragment made of digits
 * only ('1881' of a card, '7946' of a phone) counts only where no letter or digit touches it: a
 * database also holds millisecond timestamps, UUIDs and hex content hashes, and a 4-digit fragment
 * turns up inside them by chance (two tests failed that way in CI: '7946' in 17962079…, '1881' in a
 * hash 4ef9cc1881dc…). A leaked fragment is a word of its own: "removed: 4012, 8888" or "555 0123".
 */
export function containsSecret(text: string, needle: string): boolean {
  if (!/^\d+$/.test(needle)) return text.includes(needle);
  const alphanumeric = /[0-9A-Za-z]/;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (!alphanumeric.test(text[at - 1] ?? '') && !alphanumeric.test(text[at + needle.length] ?? '')) return true;
  }
  return false;
}
