/**
 * The first `max` code points of `text` (what Python's `text[:max]` gives), so a cut never
 * leaves half of a surrogate pair — a lone `\ud83d` that a receiver would store as U+FFFD.
 * Linear in `max`; the common short text returns at once.
 */
export function cutToCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let units = 0;
  for (let codePoints = 0; codePoints < max && units < text.length; codePoints += 1) {
    const unit = text.charCodeAt(units);
    const pairs = unit >= 0xd800 && unit <= 0xdbff && units + 1 < text.length && isLowSurrogate(text.charCodeAt(units + 1));
    units += pairs ? 2 : 1;
  }
  return text.slice(0, units);
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
