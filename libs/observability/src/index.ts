export * from './app-logger';
export * from './service-metrics';
