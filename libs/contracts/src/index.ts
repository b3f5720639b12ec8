export * from './case-event.schema';
export * from './dead-letter.schema';
export * from './social-mention.schema';
export * from './topics';
export * from './validation';
export * from './crm-import.schema';
export * from './text-repair';
