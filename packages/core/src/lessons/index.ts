export * from './lessons';
export * from './similarity';
