/** The packages ship as one release train, so the worker reports core's version (one source of truth). */
export { SDK_VERSION as SYNC_WORKER_VERSION, USER_AGENT } from '@gradata/core/delivery-thread';
