import type { Command } from 'commander';
import { brainDir, writeThroughConfig } from '../context';
import { ExitCode } from '../exit-codes';
import { printJson, println } from '../output';
import { runDoctor } from '../doctor/run-doctor';
import type { DoctorReport } from '../doctor/run-doctor';

/** `gradata doctor`: one line per check (ok / warn / fail); exit 1 when any check fails. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check Node, the SQLite driver, the brain folder and delivery; sends no correction (exit 1 on a fail)')
    .option('--json', 'print the checks as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const report = await runDoctor(brainDir(command), writeThroughConfig(), process.env);
      if (options.json) printJson(report);
      else println(...describe(report));
      if (!report.ok) process.exitCode = ExitCode.failure;
    });
}

function describe(report: DoctorReport): string[] {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  const lines = report.checks.map((check) => `${check.level.padEnd(4)}  ${check.name.padEnd(width)}  ${check.detail}`);
  const failed = report.checks.filter((check) => check.level === 'fail').length;
  const warned = report.checks.filter((check) => check.level === 'warn').length;
  lines.push('', failed > 0 ? `${failed} failed, ${warned} warned` : `no failures (${warned} warned)`);
  return lines;
}
