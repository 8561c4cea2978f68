/**
 * SPEC §7.6: drain on beforeExit (once: it fires again after the async drain), and on SIGINT /
 * SIGTERM drain within the close timeout, then let the signal's default behaviour proceed.
 */
export function installExitHooks(close: () => Promise<unknown>, onError: (err: unknown) => void = () => undefined): () => void {
  let drainedOnExit = false;
  // Nobody awaits these drains: a failed close must be reported, never left as an unhandled rejection.
  const closeReported = (): Promise<unknown> => close().catch(onError);
  const onBeforeExit = (): void => {
    if (drainedOnExit) return;
    drainedOnExit = true;
    void closeReported();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    uninstall();
    void closeReported().finally(() => {
      // Re-raise only when nobody else handles the signal, so the default (exit) happens.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  process.on('beforeExit', onBeforeExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  function uninstall(): void {
    process.off('beforeExit', onBeforeExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return uninstall;
}
