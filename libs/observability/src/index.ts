export * from './app-logger';
export * from './cli-progress.bar';
