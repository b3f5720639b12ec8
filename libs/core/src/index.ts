export * from './clock';
export * from './unit-of-work';
