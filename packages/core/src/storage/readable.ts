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
