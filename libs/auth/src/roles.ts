/** Who may do what is decided per route from these roles; admin may do everything. */
export const ROLES = ['admin', 'supervisor', 'agent', 'viewer', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The authenticated caller of a request: a signed-in user or an API key. */
export interface Principal {
  kind: 'user' | 'api_key';
  id: string;
  /** Email of a user, name of an API key: what the audit log shows. */
  name: string;
  role: Role;
  /** The agent a user with role agent works as; null otherwise. */
  agentId: string | null;
}
