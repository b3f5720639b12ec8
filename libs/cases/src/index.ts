export * from './case-note.policy';
export * from './case-search.criteria';
export * from './customer-identity';
export * from './case-merge.plan';
