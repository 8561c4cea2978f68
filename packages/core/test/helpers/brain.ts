import path from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { Brain } from '@gradata/core';
import type { BrainOptions } from '@gradata/core';
import { tmpDir } from './tmp';

/** Log lines captured from a pino logger, as parsed objects. */
export function captureLogger(level = 'debug'): { logger: pino.Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    get lines() {
      return raw.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}

/** A Brain in a fresh folder, isolated from the real environment and home folder. */
export function openTestBrain(options: BrainOptions = {}, dir = path.join(tmpDir(), 'brain')): Brain {
  return new Brain(dir, { env: {}, homeDir: tmpDir('gradata-home-'), exitHooks: false, logger: pino({ level: 'silent' }), ...options });
}
