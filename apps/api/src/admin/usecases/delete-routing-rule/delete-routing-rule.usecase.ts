import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@scb/core';
import { RoutingConfigRepository } from '@scb/persistence';
import { RoutingPolicyCache } from '@scb/work-queues';
import { AuditTrail } from '../../../audit/audit-trail';
import type { DeleteRoutingRuleCommand } from './delete-routing-rule.command';

/** Deletes a routing rule, audited with what it was. */
@Injectable()
export class DeleteRoutingRule {
  constructor(
    @Inject(RoutingConfigRepository)
    private readonly config: Pick<RoutingConfigRepository, 'findRule' | 'deleteRule'>,
    @Inject(RoutingPolicyCache) private readonly policy: Pick<RoutingPolicyCache, 'invalidate'>,
    private readonly audit: AuditTrail,
  ) {}

  /** Throws `NotFoundError` for an unknown rule (and writes no audit entry). */
  async execute({ actor, id }: DeleteRoutingRuleCommand): Promise<void> {
    await this.audit.change(
      actor,
      { entity: 'routing_rule', action: 'delete', entityId: id },
      async () => {
        const before = await this.config.findRule(id);
        if (!before || !(await this.config.deleteRule(id)))
          throw new NotFoundError(`routing rule ${id} does not exist`);
        return { result: undefined, before };
      },
    );
    this.policy.invalidate();
  }
}
