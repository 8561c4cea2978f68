export * from './types';
export * from './outbox';
export * from './lease';
export * from './maintenance';
export * from './lease-watch';
export * from './recovery';
