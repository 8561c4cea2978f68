import { GradataError } from '@gradata/core';

/** Process exit codes of the `gradata` CLI. */
export const ExitCode = Object.freeze({
  ok: 0,
  /** The command ran and failed (typed errors, rows left undelivered). */
  failure: 1,
  /** Bad usage: unknown command or option, bad option value. */
  usage: 2,
});

/** A failure the CLI reports itself, with a stable code like the SDK's errors. */
export class CliError extends GradataError {
  override readonly name = 'CliError';
  constructor(code: string, message: string, readonly exitCode: number = ExitCode.failure) {
    super(code, message);
  }
}

/** One line for stderr: `error [CODE]: message`, whatever was thrown. */
export function formatError(err: unknown): string {
  if (err instanceof GradataError) return `error [${err.code}]: ${err.message}`;
  if (err instanceof TypeError) return `error [TYPE_ERROR]: ${err.message}`;
  if (err instanceof Error) {
    const raw = (err as Error & { code?: unknown }).code;
    const code = typeof raw === 'string' ? raw : 'UNEXPECTED';
    return `error [${code}]: ${err.message}`;
  }
  return `error [UNEXPECTED]: ${String(err)}`;
}
