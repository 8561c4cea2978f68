import type { MessagePort } from 'node:worker_threads';
import { LOG_LEVELS } from '@gradata/core/delivery-thread';
import type { LogLevel, WireEvent, WireEventPayloads, WorkerStatusMessage, WorkerToMain } from '../protocol';
import { scrubLogLine, scrubLogValue } from '../scrub-log';


/** The worker's only way out: every message to the main thread goes through here, logs redacted. */
export class Reporter {
  private secrets: string[];
  private readonly minLevel: number;

  constructor(
    private readonly port: MessagePort,
    apiKey: string,
    /** The main logger's level: lines below it are dropped here instead of crossing the thread. */
    logLevel: LogLevel | 'silent',
  ) {
    this.secrets = [apiKey];
    this.minLevel = LOG_LEVELS[logLevel];
  }

  /** Remember a new key too, so neither the old nor the new one can leak into a log line. */
  addSecret(secret: string): void {
    if (!this.secrets.includes(secret)) this.secrets.push(secret);
  }

  post(message: WorkerToMain): void {
    this.port.postMessage(message);
  }

  log(level: LogLevel, msg: string, obj?: Record<string, unknown>): void {
    if (LOG_LEVELS[level] < this.minLevel) return;
    const line: WorkerToMain = { type: 'log', level, msg: scrubLogLine(msg, this.secrets) };
    if (obj !== undefined) line.obj = scrubLogValue(obj, this.secrets);
    this.post(line);
  }

  event<N extends keyof WireEventPayloads>(name: N, payload: WireEventPayloads[N]): void {
    this.post({ type: 'event', name, payload } as WireEvent);
  }

  status(status: WorkerStatusMessage): void {
    this.post({ type: 'status', status });
  }
}
