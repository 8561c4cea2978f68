export * from './dist/delivery-thread';
