import type { MessagePort, Worker } from 'node:worker_threads';

/** Hold the process open only while someone awaits a reply from the thread (SPEC §7.6). */
export function holdProcessWhile(waiting: boolean, worker: Worker | null, port: MessagePort | null): void {
  if (waiting) {
    worker?.ref();
    port?.ref();
  } else {
    worker?.unref();
    port?.unref();
  }
}

/** A thread asked to stop ends on its own (its database already closed); terminate it only if it lingers past `graceMs`. */
export function terminateIfLingering(worker: Worker, exited: Promise<void>, graceMs: number): void {
  const timer = setTimeout(() => void worker.terminate().catch(() => undefined), graceMs);
  timer.unref();
  void exited.then(() => clearTimeout(timer));
}
