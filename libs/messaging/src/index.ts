export * from './batch-decoder';
export * from './dead-letter.publisher';
export * from './event-publisher';
export * from './kafka-batch.server';
export * from './kafka-client.factory';
export * from './topic-admin';
export * from './outbox.relay';
