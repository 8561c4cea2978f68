/** Percentile of an unsorted numeric array (nearest rank). */
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (values) => percentile(values, 50);

function fmt(value, digits = 1) {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

module.exports = { percentile, median, fmt };
