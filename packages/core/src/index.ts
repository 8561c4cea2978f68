export * from './errors';
export * from './storage';
export * from './queue';
export * from './sync/syncer';
