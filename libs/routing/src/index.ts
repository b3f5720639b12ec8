export * from './queue-router';
