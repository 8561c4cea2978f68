import fs from 'node:fs';
import path from 'node:path';

/** The SDK version, read from this package's package.json (one level above both src/ and dist/). */
export const SDK_VERSION: string = (() => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** The User-Agent every request carries (SPEC §7.4). */
export const USER_AGENT = `gradata-node/${SDK_VERSION}`;
