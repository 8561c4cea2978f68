/**
 * SPEC §7.6: drain on beforeExit (once per registration: it fires again after the async drain),
 * and on SIGINT / SIGTERM drain within the close timeout, then let the signal's default
 * behaviour proceed.
 *
 * One set of process listeners serves every open brain: a signal drains all of them together and
 * is re-raised once, after the last drain — never while another brain is still delivering.
 */
interface Registration {
  close: () => Promise<unknown>;
  onError: (err: unknown) => void;
  drainedOnExit: boolean;
}

const registrations = new Set<Registration>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

// Nobody awaits these drains: a failed close must be reported, never left as an unhandled rejection.
function closeReported(registration: Registration): Promise<unknown> {
  return registration.close().catch(registration.onError);
}

function onBeforeExit(): void {
  for (const registration of registrations) {
    if (registration.drainedOnExit) continue;
    registration.drainedOnExit = true;
    void closeReported(registration);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  const draining = [...registrations];
  registrations.clear();
  removeListeners();
  void Promise.allSettled(draining.map(closeReported)).then(() => {
    // Re-raise only when nobody else handles the signal, so the default (exit) happens.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function addListeners(): void {
  process.on('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeListeners(): void {
  process.off('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Drain `close` at process exit; returns the function that unregisters it (idempotent). */
export function installExitHooks(close: () => Promise<unknown>, onError: (err: unknown) => void = () => undefined): () => void {
  const registration: Registration = { close, onError, drainedOnExit: false };
  if (registrations.size === 0) addListeners();
  registrations.add(registration);
  return () => {
    if (!registrations.delete(registration)) return;
    if (registrations.size === 0) removeListeners();
  };
}
