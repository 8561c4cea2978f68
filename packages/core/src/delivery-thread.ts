/**
 * What the sync worker's thread loads of core, as '@gradata/core/delivery-thread': errors,
 * configuration, storage and the outbox queue. Not analysis, lessons or redaction: their compiled
 * patterns and tables cost a thread about 2.5 MB of RSS it never uses (issue 21).
 */
export * from './errors';
export * from './config';
export * from './storage';
export * from './queue';
export * from './version';
