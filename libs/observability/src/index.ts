export * from './app-logger';
export * from './cli-progress.bar';
export * from './service-metrics';
export * from './trace-context';
export * from './tracing';
