export * from './work-queue.gateway';
