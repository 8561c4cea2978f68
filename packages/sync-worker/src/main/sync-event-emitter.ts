import { EventEmitter } from 'node:events';
import type { SyncEventName, SyncEvents } from '@gradata/core';

/** An EventEmitter whose `on` / `once` know the payload of each sync event (SPEC §3). */
export class SyncEventEmitter extends EventEmitter {
  override on<E extends SyncEventName>(event: E, listener: (payload: SyncEvents[E]) => void): this;
  override on(event: string | symbol, listener: (...args: any[]) => void): this;
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  override once<E extends SyncEventName>(event: E, listener: (payload: SyncEvents[E]) => void): this;
  override once(event: string | symbol, listener: (...args: any[]) => void): this;
  override once(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.once(event, listener);
  }
}
