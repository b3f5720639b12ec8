export * from './data-source.factory';
export * from './repositories/case-query.repository';
export * from './repositories/crm-import.repository';
export * from './repositories/customer-merge.repository';
export * from './repositories/matching-rules.repository';
export * from './repositories/mention-case.repository';
export * from './repositories/outbox.repository';
export * from './repositories/work-item.repository';
