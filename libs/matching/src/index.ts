export * from './batch-case-matcher';
export * from './case-decision';
