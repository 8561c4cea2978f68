import fs from 'node:fs';
import path from 'node:path';
import { CliError } from './exit-codes';

/**
 * A text argument: the value itself, or `@path` for a file's contents (`@-` reads stdin).
 * `@@text` stands for the literal `@text`.
 */
export function readTextArg(value: string, name: string): string {
  if (!value.startsWith('@')) return value;
  if (value.startsWith('@@')) return value.slice(1);
  const file = value.slice(1);
  if (file === '') throw new CliError('BAD_FILE', `${name}: "@" must be followed by a file path`);
  try {
    return fs.readFileSync(file === '-' ? 0 : path.resolve(file), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError('BAD_FILE', `${name}: cannot read ${file} (${reason})`);
  }
}
