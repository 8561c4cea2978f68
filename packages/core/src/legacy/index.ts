export * from './legacy-sync';
