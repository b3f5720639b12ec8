export * from './config-loader';
export * from './env-fragments';
export * from './run-main';
