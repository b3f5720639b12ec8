export * from './clock';
export * from './unit-of-work';
export * from './domain-error';
export * from './outbox-store';
