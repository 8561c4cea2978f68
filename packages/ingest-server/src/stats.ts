/** Counters since the server started (not since the database was created). */
export interface IngestCounts {
  /**
   * Corrections that reached the receiver, whatever the answer: one per `POST /api/v1/ingest`
   * request plus one per item of a batch whose items were read.
   */
  ingest: number;
  /** Requests that reached `POST /api/v1/ingest/batch`, whatever the answer. */
  batch: number;
  /** Requests that reached `POST /api/v1/sync`, whatever the answer. */
  sync: number;
  /** Corrections newly stored by `/ingest` or `/ingest/batch`. */
  stored: number;
  /** Corrections (single or batch items) answered `deduplicated: true`. */
  deduplicated: number;
  /** Events newly stored by `/sync`. */
  eventsStored: number;
  /** Answers per HTTP status over all routes; `0` counts dropped or held requests. */
  byStatus: Record<number, number>;
}

/** Mutable counters behind `counts()`. */
export class Stats {
  ingest = 0;
  batch = 0;
  sync = 0;
  stored = 0;
  deduplicated = 0;
  eventsStored = 0;
  private readonly byStatus: Record<number, number> = {};

  recordStatus(status: number): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  snapshot(): IngestCounts {
    return {
      ingest: this.ingest,
      batch: this.batch,
      sync: this.sync,
      stored: this.stored,
      deduplicated: this.deduplicated,
      eventsStored: this.eventsStored,
      byStatus: { ...this.byStatus },
    };
  }
}
