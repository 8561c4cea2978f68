import type { MessagePort } from 'node:worker_threads';
import type { LogLevel, WireEvent, WireEventPayloads, WorkerStatusMessage, WorkerToMain } from '../protocol';
import { redact, redactString } from '../redact';

/** The worker's only way out: every message to the main thread goes through here, logs redacted. */
export class Reporter {
  private secrets: string[];

  constructor(
    private readonly port: MessagePort,
    apiKey: string,
  ) {
    this.secrets = [apiKey];
  }

  /** Remember a new key too, so neither the old nor the new one can leak into a log line. */
  addSecret(secret: string): void {
    if (!this.secrets.includes(secret)) this.secrets.push(secret);
  }

  post(message: WorkerToMain): void {
    this.port.postMessage(message);
  }

  log(level: LogLevel, msg: string, obj?: Record<string, unknown>): void {
    const line: WorkerToMain = { type: 'log', level, msg: redactString(msg, this.secrets) };
    if (obj !== undefined) line.obj = redact(obj, this.secrets);
    this.post(line);
  }

  event<N extends keyof WireEventPayloads>(name: N, payload: WireEventPayloads[N]): void {
    this.post({ type: 'event', name, payload } as WireEvent);
  }

  status(status: WorkerStatusMessage): void {
    this.post({ type: 'status', status });
  }
}
