#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CliError, ExitCode, formatError } from './exit-codes';
import { stdoutClosed } from './output';
import { createProgram } from './program';

/** Parse and run; map every outcome to an exit code (0 ok, 1 failure, 2 usage). */
async function run(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every parse error (and bare `gradata`) is a usage error.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    process.stderr.write(`${formatError(err)}\n`);
    return err instanceof CliError ? err.exitCode : ExitCode.failure;
  }
}

// `gradata demo | head` closes stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') stdoutClosed();
  else throw err;
});

void run(process.argv).then((code) => {
  process.exitCode = code;
});
