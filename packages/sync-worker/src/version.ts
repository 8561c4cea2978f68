import fs from 'node:fs';
import path from 'node:path';

/** This package's version, read once from its package.json (one level above src/ and dist/). */
export const SYNC_WORKER_VERSION: string = readVersion();

/** The User-Agent every ingest request carries. */
export const USER_AGENT = `gradata-node/${SYNC_WORKER_VERSION}`;

function readVersion(): string {
  try {
    const file = path.resolve(__dirname, '..', 'package.json');
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
