export * from './app-logger';
export * from './service-metrics';
export * from './trace-context';
export * from './tracing';
