export * from './work-queue.gateway';
export * from './sla-timer.queue';
export * from './work-queue.projector';
export * from './sla-clock';
export * from './routing-policy.cache';
export * from './work-queue-mirror.reconciler';
export * from './usecases/claim-next-work/claim-next-work.command';
export * from './usecases/claim-next-work/claim-next-work.usecase';
