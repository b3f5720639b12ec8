export * from './builders/matching.builder';
export * from './builders/mention.builder';
export * from './infra/customer.fixtures';
export * from './infra/isolated-env';
export * from './infra/test-database';
export * from './infra/test-kafka';
export * from './infra/wait-for';
