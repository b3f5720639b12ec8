export * from './agent-capacity';
export * from './phone-number';
export * from './queue-router';
export * from './routing-rule';
export * from './sla-policy';
export * from './sla-alert';
export * from './queue-mirror';
