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

interface Registry {
  registrations: Set<Registration>;
  onBeforeExit: () => void;
  onSignal: (signal: NodeJS.Signals) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

// Nobody awaits these drains: a failed close must be reported, never left as an unhandled rejection.
function closeReported(registration: Registration): Promise<unknown> {
  return registration.close().catch(registration.onError);
}

function createRegistry(): Registry {
  const registrations = new Set<Registration>();
  const registry: Registry = {
    registrations,
    onBeforeExit() {
      for (const registration of registrations) {
        if (registration.drainedOnExit) continue;
        registration.drainedOnExit = true;
        void closeReported(registration);
      }
    },
    onSignal(signal) {
      const draining = [...registrations];
      registrations.clear();
      removeListeners(registry);
      void Promise.allSettled(draining.map(closeReported)).then(() => {
        // Re-raise only when nobody else handles the signal, so the default (exit) happens. A brain
        // opened meanwhile re-registered our own listener: that one drains it, then re-raises.
        const others = process.listeners(signal).filter((listener) => listener !== registry.onSignal);
        if (others.length === 0) process.kill(process.pid, signal);
      });
    },
  };
  return registry;
}

// One registry per process, even when two copies of this package are loaded.
const REGISTRY_KEY = Symbol.for('gradata.exitHooks');
const registry: Registry = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] ??= createRegistry()) as Registry;

function addListeners(target: Registry): void {
  process.on('beforeExit', target.onBeforeExit);
  for (const signal of SIGNALS) process.on(signal, target.onSignal);
}

function removeListeners(target: Registry): void {
  process.off('beforeExit', target.onBeforeExit);
  for (const signal of SIGNALS) process.off(signal, target.onSignal);
}

/** Drain `close` at process exit; returns the function that unregisters it (idempotent). */
export function installExitHooks(close: () => Promise<unknown>, onError: (err: unknown) => void = () => undefined): () => void {
  const registration: Registration = { close, onError, drainedOnExit: false };
  const { registrations } = registry;
  if (registrations.size === 0) addListeners(registry);
  registrations.add(registration);
  return () => {
    if (!registrations.delete(registration)) return;
    if (registrations.size === 0) removeListeners(registry);
  };
}
