export * from './work-queue.gateway';
export * from './sla-timer.queue';
