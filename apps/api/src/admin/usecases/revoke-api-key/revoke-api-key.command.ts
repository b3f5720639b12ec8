import type { Principal } from '@scb/auth';

/** The API key `id` to revoke; `actor` is audited. */
export interface RevokeApiKeyCommand {
  actor: Principal;
  id: string;
}
