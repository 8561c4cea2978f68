import { GradataError } from '@gradata/core/delivery-thread';

/** The sync worker thread exited while a request (flush, stop) was waiting for its reply. */
export class GradataWorkerExitedError extends GradataError {
  override readonly name = 'GradataWorkerExitedError';
  constructor(
    readonly exitCode: number | null,
    message = `the sync worker thread exited${exitCode === null ? '' : ` with code ${exitCode}`}`,
  ) {
    super('WORKER_EXITED', message);
  }
}

/** The ingest URL would send the API key in clear (not https, not loopback). */
export class GradataInsecureUrlError extends GradataError {
  override readonly name = 'GradataInsecureUrlError';
  constructor(readonly url: string, reason: string) {
    super('INSECURE_INGEST_URL', `ingest URL ${url} is not allowed: ${reason}`);
  }
}

/** The worker thread crashed too often; the supervisor gave up restarting it. */
export class GradataWorkerCrashedError extends GradataError {
  override readonly name = 'GradataWorkerCrashedError';
  constructor(crashes: number, windowMs: number, options?: { cause?: unknown }) {
    super(
      'WORKER_CRASHED',
      `the sync worker crashed ${crashes} times within ${Math.round(windowMs / 1000)} s; write-through is off until restart`,
      options,
    );
  }
}

/** An error raised inside the worker thread, rebuilt on the main thread from its wire form. */
export class GradataWorkerError extends GradataError {
  override readonly name = 'GradataWorkerError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The thread did not answer a flush or stop within the caller's timeout plus a grace period. */
export class GradataWorkerTimeoutError extends GradataError {
  override readonly name = 'GradataWorkerTimeoutError';
  constructor(request: 'flush' | 'stop', waitedMs: number) {
    super('WORKER_TIMEOUT', `the sync worker did not answer ${request} within ${waitedMs} ms`);
  }
}
