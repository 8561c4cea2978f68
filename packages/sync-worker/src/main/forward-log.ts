import type { Logger } from 'pino';
import type { WorkerToMain } from '../protocol';
import { redact, redactString } from '../redact';

/** A log line from the thread, written to the host's logger with every key this worker has held scrubbed out. */
export function forwardWorkerLog(logger: Logger, message: Extract<WorkerToMain, { type: 'log' }>, secrets: readonly string[]): void {
  const msg = redactString(message.msg, secrets);
  const log = logger[message.level].bind(logger);
  if (message.obj) log(redact(message.obj, secrets), msg);
  else log(msg);
}
