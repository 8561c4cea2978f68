export * from './types';
export * from './outbox';
export * from './lease';
export * from './maintenance';
