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
