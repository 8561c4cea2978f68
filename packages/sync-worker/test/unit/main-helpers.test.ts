import { CrashWindow } from '../../src/main/crash-window';
import { PendingRequests } from '../../src/main/pending-requests';
import { restartDelayMs } from '../../src/main/supervisor';
import { unknownMessage } from '../../src/protocol';

describe('CrashWindow', () => {
  test('counts only crashes inside the window', () => {
    const window = new CrashWindow(5 * 60_000);
    const t0 = 1_000_000;
    expect([0, 60_000, 120_000, 180_000].map((dt) => window.record(t0 + dt))).toEqual([1, 2, 3, 4]);
    expect(window.record(t0 + 301_000)).toBe(4); // the first one fell out
    expect(window.record(t0 + 302_000)).toBe(5);
  });

  test('a crash exactly one window old no longer counts', () => {
    const window = new CrashWindow(1_000);
    expect(window.record(5_000)).toBe(1);
    expect(window.record(5_999)).toBe(2);
    expect(window.record(6_000)).toBe(2); // 5_000 fell out, 5_999 is still in
  });
});

describe('restartDelayMs', () => {
  test.each([
    [1, 1_000, 1_000],
    [2, 1_000, 2_000],
    [4, 1_000, 8_000],
    [6, 1_000, 30_000], // capped
    [3, 10, 40],
  ])('crash %i with a %i ms base waits %i ms', (crashes, baseMs, expected) => {
    expect(restartDelayMs(crashes, baseMs)).toBe(expected);
  });
});

describe('PendingRequests', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('ids increase; a reply resolves its own request only', async () => {
    const pending = new PendingRequests();
    const a = pending.open<string>(1_000, () => new Error('timeout'));
    const b = pending.open<string>(1_000, () => new Error('timeout'));
    expect(b.id).toBeGreaterThan(a.id);
    expect(pending.resolve(b.id, 'b')).toBe(true);
    expect(pending.resolve(b.id, 'again')).toBe(false);
    await expect(b.reply).resolves.toBe('b');
    expect(pending.size).toBe(1);
    pending.rejectAll(new Error('exited'));
    await expect(a.reply).rejects.toThrow('exited');
    expect(pending.size).toBe(0);
  });

  test('a request without a reply fails at its deadline', async () => {
    const pending = new PendingRequests();
    const { reply } = pending.open<string>(500, () => new Error('no reply'));
    jest.advanceTimersByTime(500);
    await expect(reply).rejects.toThrow('no reply');
    expect(pending.size).toBe(0);
  });
});

describe('protocol', () => {
  test('an unknown message type fails loudly', () => {
    expect(() => unknownMessage({ type: 'explode' } as unknown as never, 'worker')).toThrow('sync-worker protocol: the worker side got an unknown message type "explode"');
    expect(() => unknownMessage({ type: 'boom' } as unknown as never, 'main')).toThrow('the main side got an unknown message type "boom"');
    expect(() => unknownMessage(null as unknown as never, 'main')).toThrow('unknown message type undefined');
  });
});
