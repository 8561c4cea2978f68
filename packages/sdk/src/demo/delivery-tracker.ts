import { performance } from 'node:perf_hooks';
import type { Brain } from '../brain';
import type { IngestServer } from '@gradata/ingest-server';

const POLL_MS = 25;

/**
 * When each event id was delivered: stamped on the brain's `synced` event, with the receiver's
 * stored ids as a fallback (an event can never be missed, only seen a poll later).
 */
export class DeliveryTracker {
  private readonly deliveredAt = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number | null) => void>();
  private readonly onSynced = ({ eventIds }: { eventIds: string[] }): void => {
    const at = performance.now();
    for (const eventId of eventIds) {
      if (!this.deliveredAt.has(eventId)) this.deliveredAt.set(eventId, at);
      this.waiters.get(eventId)?.(at);
      this.waiters.delete(eventId);
    }
  };

  constructor(
    private readonly brain: Brain,
    private readonly server: IngestServer,
  ) {
    brain.on('synced', this.onSynced);
  }

  /** `performance.now()` at delivery of `eventId`, or null when it did not arrive within `timeoutMs`. */
  async waitFor(eventId: string, timeoutMs: number): Promise<number | null> {
    const known = this.deliveredAt.get(eventId);
    if (known !== undefined) return known;
    return new Promise<number | null>((resolve) => {
      const deadline = performance.now() + timeoutMs;
      let poll: NodeJS.Timeout;
      const finish = (at: number | null): void => {
        clearTimeout(poll);
        this.waiters.delete(eventId);
        resolve(at);
      };
      this.waiters.set(eventId, finish);
      const check = (): void => {
        if (this.server.storedEventIds(this.brain.brainId).includes(eventId)) return finish(performance.now());
        if (performance.now() >= deadline) return finish(null);
        poll = setTimeout(check, POLL_MS);
      };
      poll = setTimeout(check, POLL_MS);
    });
  }

  dispose(): void {
    this.brain.off('synced', this.onSynced);
    for (const finish of this.waiters.values()) finish(null);
    this.waiters.clear();
  }
}
