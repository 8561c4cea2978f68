export * from './env';
export * from './url';
export * from './resolve';
export * from './logger';
