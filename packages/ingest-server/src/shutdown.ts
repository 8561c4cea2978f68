/** What the shutdown handlers need: something that closes once. */
export interface Closable {
  close(): Promise<void>;
}

/** Options of `installShutdownHandlers`. */
export interface ShutdownOptions {
  /** Default SIGINT and SIGTERM. */
  signals?: NodeJS.Signals[];
  /** Called after the server closed (or failed to), before the signal's default behaviour. */
  onClosed?: (signal: NodeJS.Signals, error?: unknown) => void;
}

/**
 * Opt-in for CLIs (`gradata serve`): on the first listed signal, close the server, then re-raise the
 * signal so its default behaviour (exit) proceeds — unless another listener now owns it.
 * Returns a function that removes the handlers.
 */
export function installShutdownHandlers(server: Closable, options: ShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const uninstall = (): void => {
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    uninstall();
    server.close().then(
      () => finish(signal),
      (error: unknown) => finish(signal, error),
    );
  }
  function finish(signal: NodeJS.Signals, error?: unknown): void {
    options.onClosed?.(signal, error);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
  for (const signal of signals) process.on(signal, onSignal);
  return uninstall;
}
