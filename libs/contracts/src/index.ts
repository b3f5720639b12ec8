export * from './case-event.schema';
export * from './dead-letter.schema';
export * from './social-mention.schema';
export * from './topics';
export * from './validation';
export * from './crm-import.schema';
export * from './bad-bytes';
export * from './list-envelope';
