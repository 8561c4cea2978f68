import { installExitHooks } from '../../src/brain/exit-hooks';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('exit hooks (SPEC §7.6)', () => {
  test('beforeExit drains once, and a failing close is reported instead of left unhandled', async () => {
    const failure = new Error('stop failed');
    const close = jest.fn(() => Promise.reject(failure));
    const onError = jest.fn();
    const uninstall = installExitHooks(close, onError);
    try {
      process.emit('beforeExit', 0);
      process.emit('beforeExit', 0); // fires again after the async drain: guarded
      await flush();
      expect(close).toHaveBeenCalledTimes(1);
      expect(onError).toHaveBeenCalledWith(failure);
    } finally {
      uninstall();
    }
  });

  test('a signal drains, removes the hooks, and leaves the signal to another handler when there is one', async () => {
    const close = jest.fn(() => Promise.reject(new Error('x')));
    const onError = jest.fn();
    const other = jest.fn(); // keeps the hook from re-raising SIGTERM at the test runner
    process.on('SIGTERM', other);
    const before = process.listenerCount('SIGINT');
    installExitHooks(close, onError);
    try {
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      process.emit('SIGTERM', 'SIGTERM');
      await flush();
      expect(close).toHaveBeenCalledTimes(1);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(process.listenerCount('SIGINT')).toBe(before);
      expect(process.listeners('SIGTERM')).toEqual([other]);
    } finally {
      process.off('SIGTERM', other);
    }
  });
});

describe('several brains in one process', () => {
  test('one signal drains every brain and is re-raised only after the slowest drain', async () => {
    let finishSlow: () => void = () => undefined;
    const slow = jest.fn(() => new Promise<void>((resolve) => (finishSlow = resolve)));
    const fast = jest.fn(() => Promise.resolve());
    const beforeListeners = process.listenerCount('SIGTERM');
    installExitHooks(slow);
    installExitHooks(fast);
    expect(process.listenerCount('SIGTERM')).toBe(beforeListeners + 1); // one shared listener
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await flush();
      expect(slow).toHaveBeenCalledTimes(1);
      expect(fast).toHaveBeenCalledTimes(1);
      expect(kill).not.toHaveBeenCalled(); // the slow brain is still draining
      finishSlow();
      await flush();
      expect(kill).toHaveBeenCalledTimes(1);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
      expect(process.listenerCount('SIGTERM')).toBe(beforeListeners);
    } finally {
      kill.mockRestore();
    }
  });

  test('unregistering the last brain removes the process listeners; unregistering twice is harmless', () => {
    const before = process.listenerCount('beforeExit');
    const a = installExitHooks(() => Promise.resolve());
    const b = installExitHooks(() => Promise.resolve());
    expect(process.listenerCount('beforeExit')).toBe(before + 1);
    a();
    a();
    expect(process.listenerCount('beforeExit')).toBe(before + 1);
    b();
    expect(process.listenerCount('beforeExit')).toBe(before);
  });

  test('a brain opened during a signal drain is drained by the re-raised signal, not left running', async () => {
    let finishFirst: () => void = () => undefined;
    const first = jest.fn(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    const late = jest.fn(() => Promise.resolve());
    installExitHooks(first);
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await flush();
      installExitHooks(late); // opened while the first brain drains
      finishFirst();
      await flush();
      expect(kill).toHaveBeenCalledTimes(1); // our own listener is back, so the signal is re-raised to it
      process.emit('SIGTERM', 'SIGTERM'); // what the re-raise delivers
      await flush();
      expect(late).toHaveBeenCalledTimes(1);
      expect(kill).toHaveBeenCalledTimes(2);
    } finally {
      kill.mockRestore();
    }
  });
});
