import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { FaultOptions } from '@gradata/ingest-server';
import { loadIngestServer } from '../lazy';
import { cliLogger } from '../context';
import { note, println } from '../output';
import { nonNegativeInt, port, positiveInt, rate } from '../parse';

interface ServeFlags {
  port: number;
  host: string;
  db: string;
  keys?: string;
  failRate?: number;
  latencyMs?: number;
  dropRate?: number;
  rateLimit?: number;
}

/** `gradata serve`: run the local ingest receiver until SIGINT/SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the local ingest receiver (the cloud contract on your machine); prints its URL, logs to stderr')
    .option('--port <n>', 'TCP port; 0 picks a free one', port, 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--db <file>', 'SQLite file for what it receives (default: in memory)', ':memory:')
    .option('--keys <a,b>', 'accepted API keys, comma separated (default: env GRADATA_INGEST_KEYS, else a generated key)')
    .option('--fail-rate <x>', 'share of requests (0-1) answered 503', rate)
    .option('--latency-ms <n>', 'delay before every answer', nonNegativeInt)
    .option('--drop-rate <x>', 'share of requests (0-1) whose connection is dropped', rate)
    .option('--rate-limit <n>', 'requests per second per key before 429 + Retry-After', positiveInt)
    .addHelpText('after', '\nPoint an agent at it with GRADATA_CLOUD_INGEST_URL=<URL>/api/v1/ingest and GRADATA_API_KEY=<key>.\nNeeds the optional package @gradata/ingest-server (npm install @gradata/ingest-server).')
    .action(async (flags: ServeFlags) => {
      const { installShutdownHandlers, parseKeys, startIngestServer } = loadIngestServer('serve');
      const logger = cliLogger('info');
      let keys = parseKeys(flags.keys ?? process.env.GRADATA_INGEST_KEYS);
      if (keys.length === 0) {
        keys = [`demo-${randomBytes(12).toString('hex')}`];
        note(`no --keys given: accepting the generated key ${keys[0]}`);
      }
      const faults: FaultOptions = { failRate: flags.failRate, latencyMs: flags.latencyMs, dropRate: flags.dropRate };
      const server = await startIngestServer({
        port: flags.port,
        host: flags.host,
        dbPath: flags.db,
        keys,
        faults,
        rateLimit: flags.rateLimit === undefined ? undefined : { perKeyPerSecond: flags.rateLimit },
        logger,
      });
      // Handlers first: whoever reads the URL line may signal us at once.
      installShutdownHandlers(server, {
        onClosed: (signal, error) => {
          if (error) logger.error({ err: error }, 'receiver did not close cleanly');
          note(`received ${signal}: receiver stopped`);
          process.exit(error ? 1 : 0);
        },
      });
      println(server.url);
      note(`ingest endpoint: ${server.ingestUrl}  (Ctrl-C stops)`);
    });
}
