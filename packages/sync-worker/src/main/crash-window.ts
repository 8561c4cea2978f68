/** Counts crashes inside a sliding window, for the supervisor's give-up rule. */
export class CrashWindow {
  private readonly times: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** Records a crash at `now` (epoch ms) and returns how many fall inside the window. */
  record(now: number): number {
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.windowMs) this.times.shift();
    return this.times.length;
  }
}
