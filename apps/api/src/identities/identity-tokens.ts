/** Nest tokens of the identities module. */
export const IDENTITY_POLICY_READER = Symbol('IDENTITY_POLICY_READER');
export const IDENTITY_AUDIT = Symbol('IDENTITY_AUDIT');
