export * from './password-hash';
export * from './roles';
export * from './secret-token';
export * from './password-strength';
