import { graduationTable, describeLegacySync } from '../cli/commands/end-session';
import { lessonTable } from '../cli/commands/lessons';
import { formatDuration, truncate } from '../cli/output';
import type { DemoReport, DemoRow, DemoView } from './run-demo';

/** Fixed column widths, so each row can be printed the moment its correction is delivered. */
const COLUMNS = [
  { header: '#', width: 3, align: 'right' },
  { header: 'AGENT', width: 7, align: 'left' },
  { header: 'SEVERITY', width: 9, align: 'left' },
  { header: 'CATEGORY', width: 9, align: 'left' },
  { header: 'CLASSIFICATIONS', width: 26, align: 'left' },
  { header: 'LESSON', width: 15, align: 'left' },
  { header: 'DELIVERY', width: 0, align: 'left' },
] as const;

function line(cells: readonly string[]): string {
  return `  ${cells
    .map((cell, i) => {
      const { width, align } = COLUMNS[i] as (typeof COLUMNS)[number];
      const text = width > 0 ? truncate(cell, width) : cell;
      return align === 'right' ? text.padStart(width) : text.padEnd(width);
    })
    .join('  ')
    .trimEnd()}`;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** The human view of `gradata demo`: a header, one aligned row per correction, then the wrap-up. */
export class TextView implements DemoView {
  constructor(private readonly print: (...lines: string[]) => void) {}

  started(info: { receiverUrl: string; brainDir: string; temporaryBrain: boolean; count: number }): void {
    this.print(
      'Gradata demo: corrections written through to a local receiver',
      `  receiver  ${info.receiverUrl}  (embedded, loopback only, generated API key)`,
      `  brain     ${info.brainDir}${info.temporaryBrain ? '  (temporary, removed at the end)' : ''}`,
    );
  }

  workerReady(readyMs: number): void {
    this.print(`  worker    sync worker thread ready in ${formatDuration(readyMs)}`, '', 'Recording corrections from a support, a sales and a coding agent:', '');
    this.print(line(COLUMNS.map((c) => c.header)));
  }

  recorded(row: DemoRow): void {
    const lesson = row.lesson ? `#${row.lesson.id} ${row.lesson.change === 'created' ? 'new' : 'reinforced'}` : '-';
    const delivery = !row.queued ? 'not queued' : row.deliveredMs === null ? 'NOT delivered' : `delivered in ${ms(row.deliveredMs)}`;
    this.print(line([String(row.index), row.agent, row.severity, row.category, row.classifications.join(', '), lesson, delivery]));
  }

  finished(report: DemoReport): void {
    const delivered = report.rows.filter((row) => row.deliveredMs !== null).length;
    const { latency } = report;
    this.print(
      '',
      `Delivered ${delivered}/${report.rows.length} corrections` +
        (latency ? `: p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, max ${ms(latency.max)} (correct() returning → stored by the receiver)` : ''),
    );
    if (report.redaction) {
      this.print(
        '',
        `Redaction: correction #${report.redaction.index} left the machine as`,
        `  ${truncate(report.redaction.storedDraft, 110)}`,
      );
    }
    const { endSession } = report;
    this.print('', `Session ${endSession.session} ended: ${endSession.graduated.length} lesson(s) graduated`);
    if (endSession.graduated.length > 0) this.print(...graduationTable(endSession.graduated, '  '));
    this.print(`  legacy sync: ${describeLegacySync(endSession.legacySync)}`);
    this.print('', `Lessons (${report.lessons.length})`, ...lessonTable(report.lessons, '  '));
    const s = report.status;
    this.print(
      '',
      `Status: write-through ${s.enabled ? 'on' : `off (${s.reason})`}, pending ${s.pending}, in flight ${s.inFlight}, failing ${s.failing}, dead ${s.dead}, synced ${s.synced}; the receiver stored ${report.receiverStored}`,
    );
  }
}
