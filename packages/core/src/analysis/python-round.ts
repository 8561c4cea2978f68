/**
 * Python's `round(value, 6)` for 0 ≤ value, so stored figures equal the Python SDK's to the last digit.
 *
 * `toFixed(6)` rounds the exact binary value correctly, like Python, but breaks an exact tie upwards
 * where Python breaks it to the even neighbour. A double is an exact tie at 6 decimals only when
 * value · 10^6 = n + ½, i.e. value = (2n + 1) / (2^7 · 5^6); a double's denominator is a power of two,
 * so 5^6 must divide 2n + 1 and value is an odd multiple of 1/128 (0.0078125, 0.0234375, …).
 */
export function roundLikePython6(value: number): number {
  const in128ths = value * 128; // exact: a power-of-two scale
  if (Number.isInteger(in128ths) && in128ths % 2 === 1) {
    const scaled = value * 1_000_000; // exact here: in128ths · 7812.5 is well inside 2^53
    const below = Math.floor(scaled);
    return (below % 2 === 0 ? below : below + 1) / 1_000_000;
  }
  return Number(value.toFixed(6));
}
