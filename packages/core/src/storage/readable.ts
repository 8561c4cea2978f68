/** A listing's items plus the rows it had to skip. */
export interface ReadableRows<T> {
  items: T[];
  skipped: number;
  /** The id of the first skipped row, for the log line. */
  firstSkippedId: number | null;
}

/** Converts each row, skipping (and counting) rows whose conversion throws (damaged JSON, bad text). */
export function convertReadable<R extends { id: number }, T>(rows: readonly R[], convert: (row: R) => T): ReadableRows<T> {
  const items: T[] = [];
  let skipped = 0;
  let firstSkippedId: number | null = null;
  for (const row of rows) {
    try {
      items.push(convert(row));
    } catch {
      skipped += 1;
      firstSkippedId ??= row.id;
    }
  }
  return { items, skipped, firstSkippedId };
}

/**
 * One page of up to `limit` readable items. `fetch(from, count)` reads `count` rows in page order
 * from the caller's own cursor (`from` null) or after the row id `from`. Rows that cannot be read
 * are skipped, and the page is topped up from the last row scanned, so it comes back short only
 * when the rows ran out: a short page never means "nothing follows" while readable rows do, and
 * the caller's cursor (the last item's id) never jumps over a row it was not shown. Linear in
 * the rows scanned.
 */
export function readFullPage<R extends { id: number }, T>(
  limit: number,
  fetch: (from: number | null, count: number) => readonly R[],
  convert: (row: R) => T,
): ReadableRows<T> {
  const page: ReadableRows<T> = { items: [], skipped: 0, firstSkippedId: null };
  let from: number | null = null;
  for (;;) {
    const wanted = limit - page.items.length;
    const rows = fetch(from, wanted);
    const read = convertReadable(rows, convert);
    page.items.push(...read.items);
    page.skipped += read.skipped;
    page.firstSkippedId ??= read.firstSkippedId;
    if (rows.length < wanted || page.items.length >= limit) return page;
    from = (rows[rows.length - 1] as R).id;
  }
}
