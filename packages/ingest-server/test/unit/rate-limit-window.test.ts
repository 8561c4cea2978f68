import { RateLimiter } from '../../src/rate-limiter';

describe('RateLimiter', () => {
  it('allows perSecond requests per key per window and refuses the rest until the window ends', () => {
    let now = 10_000;
    const limiter = new RateLimiter(2, undefined, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    now += 400;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSec: 1 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now += 600;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('uses the configured Retry-After when given', () => {
    const limiter = new RateLimiter(1, 30, () => 0);
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSec: 30 });
  });
});
