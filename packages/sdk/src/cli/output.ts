/** Output helpers: stdout carries results only; everything else goes to stderr. */

let stdoutOpen = true;

/** The reader closed stdout (`gradata demo | head`): drop further output, but finish and clean up. */
export function stdoutClosed(): void {
  stdoutOpen = false;
}

/** Print a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  if (stdoutOpen) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Print lines on stdout. */
export function println(...lines: string[]): void {
  if (stdoutOpen) process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

/** A note for the human on stderr (never mixed into `--json` output). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export type Align = 'left' | 'right';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number;
  align?: Align;
  /** Cut longer values to this many characters (with an ellipsis). */
  max?: number;
}

/** Cut `text` to `max` characters, ending with `…` when cut; newlines become spaces. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

function pad(text: string, width: number, align: Align): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** Render rows as aligned columns with a header line; trailing spaces trimmed. */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[], indent = ''): string[] {
  const cells = rows.map((row) =>
    columns.map((column) => {
      const raw = String(column.value(row));
      return column.max ? truncate(raw, column.max) : raw;
    }),
  );
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i].length)));
  const render = (line: string[]): string =>
    indent + line.map((cell, i) => pad(cell, widths[i], columns[i].align ?? 'left')).join('  ').trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)];
}

/** Aligned `key  value` lines. */
export function keyValues(pairs: ReadonlyArray<readonly [string, string | number]>, indent = ''): string[] {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${indent}${`${key}:`.padEnd(width + 2)}${value}`);
}

/** `1.2 s`, `340 ms`, `3 min`, `2.5 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** An epoch-ms time as ISO-8601 plus how far it is from now. */
export function formatTime(epochMs: number | null, now = Date.now()): string {
  if (epochMs === null) return '-';
  const delta = epochMs - now;
  const relative = delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
  return `${new Date(epochMs).toISOString()} (${relative})`;
}

/** `0.63`. */
export function fixed2(n: number): string {
  return n.toFixed(2);
}
