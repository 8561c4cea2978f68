import type { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { runDemo } from '../../demo/run-demo';
import type { DemoReport, DemoView } from '../../demo/run-demo';
import { TextView } from '../../demo/text-view';
import { cliLogger } from '../context';
import type { GlobalOptions } from '../context';
import { CliError } from '../exit-codes';
import { formatDuration, printJson, println } from '../output';
import { positiveInt } from '../parse';

const QUIET_VIEW: DemoView = { started() {}, workerReady() {}, recorded() {}, finished() {} };

/** `gradata demo`: the whole write-through path on the embedded receiver, no configuration needed. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('record realistic corrections against an embedded local receiver and show each one delivered (no network, no config)')
    .option('--count <n>', 'how many corrections to record (default: all shipped ones; more cycles through them)', positiveInt)
    .option('--json', 'print one JSON report at the end instead of the live table')
    .addHelpText('after', '\nWithout --brain the demo uses a temporary brain and removes it; GRADATA_BRAIN is ignored here.\nNeeds the optional package @gradata/ingest-server (npm install @gradata/ingest-server).')
    .action(async (options: { count?: number; json?: boolean }, command: Command) => {
      const started = performance.now();
      const { brain } = command.optsWithGlobals<GlobalOptions>();
      const view: DemoView = options.json ? QUIET_VIEW : new TextView(println);
      // Ctrl-C stops between corrections so the temporary brain and the receiver are still cleaned up.
      const interrupt = new AbortController();
      const onSignal = (): void => interrupt.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let report: DemoReport;
      try {
        report = await runDemo({ brainDir: brain, count: options.count, logger: cliLogger(), view, signal: interrupt.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const totalMs = performance.now() - started;
      if (options.json) printJson({ ...report, totalMs });
      else {
        view.finished(report);
        println(`Done in ${formatDuration(totalMs)}.${report.temporaryBrain ? ' Temporary brain removed.' : ` Brain kept at ${report.brainDir}.`}`);
      }
      if (!report.allDelivered) {
        const missing = report.rows.filter((row) => row.deliveredMs === null).length;
        throw new CliError('UNDELIVERED', `${missing} correction(s) not delivered, ${report.status.pending} row(s) pending`);
      }
    });
}
