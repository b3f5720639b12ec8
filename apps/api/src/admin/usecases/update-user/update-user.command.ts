import type { Principal, Role } from '@scb/auth';

/** The fields of user `id` to change; a new password is kept only as a hash. */
export interface UpdateUserCommand {
  actor: Principal;
  id: string;
  patch: {
    displayName?: string;
    role?: Role;
    agentId?: string | null;
    password?: string;
    disabled?: boolean;
  };
}
