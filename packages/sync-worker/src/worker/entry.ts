/**
 * The worker thread's entry: opens its own database connection, loads got (through the sender), runs the delivery
 * loop and answers the main thread. Any uncaught error is reported and ends the thread with
 * exit code 1, so the main thread's supervisor restarts it.
 */
import { workerData } from 'node:worker_threads';
import { openBrainDatabase } from '@gradata/core/delivery-thread';
import type { Database } from '@gradata/core';
import { toWireError, unknownMessage } from '../protocol';
import type { MainToWorker, WorkerStartData } from '../protocol';
import { BatchSender } from '../sender/batch-sender';
import { HttpSender } from '../sender/http-sender';
import { proxyFor, proxyHost } from '../sender/proxy-env';
import type { Sender } from '../sender/sender';
import { DeliveryLoop } from './loop';
import { Reporter } from './reporter';
import { lowerDeliveryThreadPriority } from './thread-priority';

const { port, config } = workerData as WorkerStartData;
const reporter = new Reporter(port, config.apiKey, config.logLevel);
let db: Database | null = null;
let sender: Sender | null = null;
let stopping = false;

function crash(error: unknown): never {
  try {
    // Logged, not emitted: the supervisor restarts the thread and emits `error` only when it gives up.
    reporter.log('fatal', 'sync worker thread crashed', { error: toWireError(error) });
  } catch {
    // the port may already be gone; the exit code still tells the supervisor
  }
  process.exit(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

function closeDatabase(): void {
  try {
    db?.close();
  } catch {
    // closing is best effort
  }
  db = null;
}

/** Frees everything that would keep the thread alive, so it ends on its own. */
function shutdown(): void {
  sender?.close();
  closeDatabase();
  port.close();
}

async function main(): Promise<void> {
  const nice = await lowerDeliveryThreadPriority();
  db = openBrainDatabase(config.dbPath, { driver: config.sqliteDriver });
  const proxy = proxyFor(config.ingestUrl, process.env);
  const senderConfig = {
    proxyUrl: proxy.kind === 'proxy' ? proxy.url : null,
    ingestUrl: config.ingestUrl,
    apiKey: config.apiKey,
    userAgent: config.userAgent,
    concurrency: config.concurrency,
    maxConcurrency: config.maxConcurrency,
    requestTimeoutMs: config.requestTimeoutMs,
  };
  sender = config.batch
    ? await BatchSender.create({ ...senderConfig, maxBatchRows: config.maxBatchRows, log: (level, msg, obj) => reporter.log(level, msg, obj) })
    : await HttpSender.create(senderConfig);
  const loop = new DeliveryLoop(db, sender, config, reporter);
  const activeSender = sender;
  if (proxy.kind === 'invalid') {
    // Never around it: a company that sets a proxy may forbid direct connections.
    const problem = `proxy: ${proxy.variable} ${proxy.problem}; delivery is held until it is fixed`;
    reporter.log('warn', problem, { variable: proxy.variable });
    loop.hold('invalid-proxy', problem);
  } else if (proxy.kind === 'proxy') {
    reporter.log('info', `delivering through the proxy at ${proxyHost(proxy.url)} (${proxy.variable})`);
  }

  const stop = (id: number | null, drain: boolean, deadline: number): void => {
    if (stopping) return;
    stopping = true;
    loop.stop(drain, deadline).then(
      (report) => {
        // Database closed before the reply: once the caller has its report, nothing of ours touches the file.
        closeDatabase();
        if (id !== null) reporter.post({ type: 'stopped', id, report });
        shutdown();
      },
      (error: unknown) => crash(error),
    );
  };

  port.on('message', (message: MainToWorker) => {
    switch (message.type) {
      case 'nudge':
        loop.nudge();
        return;
      case 'flush':
        loop.flush(message.sentAt + message.timeoutMs).then(
          (report) => reporter.post({ type: 'flushed', id: message.id, report }),
          (error: unknown) => reporter.post({ type: 'flushed', id: message.id, error: toWireError(error) }),
        );
        return;
      case 'stop':
        stop(message.id, message.drain, message.sentAt + message.timeoutMs);
        return;
      case 'setApiKey':
        reporter.addSecret(message.apiKey);
        activeSender.setApiKey(message.apiKey);
        loop.apiKeyChanged(message.apiKey);
        return;
      default:
        unknownMessage(message, 'worker');
    }
  });
  // The main side closed its end without a stop (it is going away): stop without draining.
  port.on('close', () => stop(null, false, Date.now()));

  reporter.log('debug', 'sync worker started', { leaseOwner: config.leaseOwner, ingestUrl: config.ingestUrl, threadNice: nice });
  await loop.start();
}

main().catch(crash);
