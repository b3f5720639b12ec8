export * from './config-loader';
export * from './env-fragments';
