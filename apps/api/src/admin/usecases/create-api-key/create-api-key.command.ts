import type { Principal, Role } from '@scb/auth';
import type { AuditActor } from '@scb/persistence';

/** A new API key's name and role; `actor` is audited. */
export interface CreateApiKeyCommand {
  actor: Principal | AuditActor;
  apiKey: { name: string; role: Role };
}
