import type { Logger } from 'pino';
import type { WorkerToMain } from '../protocol';
import { scrubLogLine, scrubLogValue } from '../scrub-log';

/** A log line from the thread, written to the host's logger with every key this worker has held scrubbed out. */
export function forwardWorkerLog(logger: Logger, message: Extract<WorkerToMain, { type: 'log' }>, secrets: readonly string[]): void {
  const msg = scrubLogLine(message.msg, secrets);
  const log = logger[message.level].bind(logger);
  if (message.obj) log(scrubLogValue(message.obj, secrets), msg);
  else log(msg);
}
