export * from './builders/mention.builder';
export * from './infra/isolated-env';
export * from './infra/test-database';
export * from './infra/test-kafka';
export * from './infra/wait-for';
export * from './fixtures/shared-data';
export * from './builders/meta-webhook.payloads';
export * from './fakes/fake-x.server';
