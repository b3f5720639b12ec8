import type { Principal } from '@scb/auth';

/** The routing rule `id` to delete; `actor` is audited with the change. */
export interface DeleteRoutingRuleCommand {
  actor: Principal;
  id: string;
}
