import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '@scb/core';
import { RoutingConfigRepository } from '@scb/persistence';
import { RoutingPolicyCache } from '@scb/work-queues';
import type { RoutingRuleInput } from '@scb/routing';
import { AuditTrail } from '../../../audit/audit-trail';
import type { CreateRoutingRuleCommand } from './create-routing-rule.command';

/** Adds a routing rule, audited; routers pick it up within seconds (the policy cache). */
@Injectable()
export class CreateRoutingRule {
  constructor(
    @Inject(RoutingConfigRepository)
    private readonly config: Pick<RoutingConfigRepository, 'queueExists' | 'createRule'>,
    @Inject(RoutingPolicyCache) private readonly policy: Pick<RoutingPolicyCache, 'invalidate'>,
    private readonly audit: AuditTrail,
  ) {}

  /** The rule with its id. Throws `ValidationError` (`targetQueue`) for an unknown queue. */
  async execute({ actor, rule }: CreateRoutingRuleCommand) {
    if (!(await this.config.queueExists(rule.targetQueue)))
      throw ValidationError.field('targetQueue', `queue ${rule.targetQueue} does not exist`);
    const created = await this.audit.change(
      actor,
      { entity: 'routing_rule', action: 'create' },
      async () => {
        const row = await this.config.createRule(rule);
        const after: RoutingRuleInput & { id: string } = { ...rule, ...row };
        return { result: after, entityId: row.id, after };
      },
    );
    this.policy.invalidate();
    return created;
  }
}
