/** Requests waiting for a reply from the thread, by id; each has its own reply deadline. */
export class PendingRequests {
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private nextId = 1;

  get size(): number {
    return this.waiting.size;
  }

  /** Registers a request; `onTimeout` settles it when no reply arrives within `timeoutMs`. */
  open<T>(timeoutMs: number, onTimeout: () => Error): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(onTimeout());
      }, timeoutMs);
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
    });
    return { id, reply };
  }

  resolve(id: number, value: unknown): boolean {
    return this.settle(id, (entry) => entry.resolve(value));
  }

  reject(id: number, error: Error): boolean {
    return this.settle(id, (entry) => entry.reject(error));
  }

  rejectAll(error: Error): void {
    for (const id of [...this.waiting.keys()]) this.reject(id, error);
  }

  private settle(id: number, how: (entry: { resolve: (value: unknown) => void; reject: (error: Error) => void }) => void): boolean {
    const entry = this.waiting.get(id);
    if (!entry) return false;
    this.waiting.delete(id);
    clearTimeout(entry.timer);
    how(entry);
    return true;
  }
}
