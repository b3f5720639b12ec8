import type { Principal } from '@scb/auth';
import type { RoutingConfigRepository } from '@scb/persistence';

/** A new routing rule; `actor` is audited with the change. */
export interface CreateRoutingRuleCommand {
  actor: Principal;
  rule: Parameters<RoutingConfigRepository['createRule']>[0];
}
