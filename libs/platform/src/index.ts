export * from './database.module';
export * from './health-registry';
export * from './health.module';
export * from './kafka.module';
export * from './project-topics';
export * from './service-bootstrap';
export * from './tokens';
export * from './zod-query.pipe';
export * from './kafka-consumer.transport';
export * from './work-queues.module';
export * from './routing-config.module';
export * from './public.decorator';
export * from './problem-details';
export * from './problem-details.filter';
export * from './known-query.guard';
// Moved to @scb/work-queues (issue 18: platform keeps the Nest glue); re-exported until every
// importer has moved, so parallel branches keep compiling.
export { RoutingPolicyCache, SlaClock, WorkQueueMirrorReconciler } from '@scb/work-queues';
