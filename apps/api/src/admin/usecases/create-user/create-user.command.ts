import type { Principal, Role } from '@scb/auth';
import type { AuditActor } from '@scb/persistence';

/** A new user with their initial password (kept only as a hash); `actor` is audited. */
export interface CreateUserCommand {
  actor: Principal | AuditActor;
  user: {
    email: string;
    displayName: string;
    role: Role;
    agentId: string | null;
    password: string;
  };
}
