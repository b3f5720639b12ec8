import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Principal } from '@scb/auth';
import type { QueueConfig, RoutingConfigRepository } from '@scb/persistence';
import { OutboundAllowList, outboundUrlRefusal, type RoutingPolicyCache } from '@scb/platform';
import { notifyChannel, type RoutingRuleInput } from '@scb/routing';
import type { AuditTrail } from './audit/audit-trail';

const invalid = (path: string, message: string) =>
  new BadRequestException({ message: 'Validation failed', errors: [{ path, message }] });

/** Queue and routing-rule changes: validated, audited with the change, applied within seconds. */
export class RoutingConfigService {
  private readonly webhookAllow: OutboundAllowList;

  /** `webhookAllowedHosts`: `SLA_WEBHOOK_ALLOWED_HOSTS`, non-public webhook targets allowed. */
  constructor(
    private readonly config: RoutingConfigRepository,
    private readonly policy: RoutingPolicyCache,
    private readonly audit: AuditTrail,
    webhookAllowedHosts: readonly string[] = [],
  ) {
    this.webhookAllow = new OutboundAllowList(webhookAllowedHosts);
  }

  /**
   * Saves a queue. Throws 400 when the escalation queue does not exist or a webhook in
   * `escalation.notify` targets a loopback, private, link-local or unique-local address (IP
   * literal or any address its name resolves to) that the allow-list does not permit: the
   * router would refuse it at send time anyway (SSRF, issue #14.8). A name that does not
   * resolve is refused too; the router checks every send again (names may move).
   */
  async putQueue(actor: Principal, queue: QueueConfig): Promise<QueueConfig> {
    await this.checkNotifyTargets(queue.slaPolicy.escalation.notify);
    const escalateTo = queue.slaPolicy.escalation.toQueue;
    if (escalateTo && escalateTo !== queue.name && !(await this.config.queueExists(escalateTo)))
      throw invalid('slaPolicy.escalation.toQueue', `queue ${escalateTo} does not exist`);
    await this.audit.change(
      actor,
      { entity: 'queue', action: 'upsert', entityId: queue.name },
      async () => {
        const before = await this.config.findQueueConfig(queue.name);
        await this.config.upsertQueue(queue);
        return { result: undefined, before, after: queue };
      },
    );
    this.policy.invalidate();
    return queue;
  }

  private async checkNotifyTargets(targets: readonly string[]): Promise<void> {
    const refusals = await Promise.all(
      targets.map(async (target) =>
        notifyChannel(target) === 'webhook' ? outboundUrlRefusal(target, this.webhookAllow) : null,
      ),
    );
    const index = refusals.findIndex((refusal) => refusal !== null);
    if (index >= 0)
      throw invalid(`slaPolicy.escalation.notify.${index}`, refusals[index] as string);
  }

  async createRule(actor: Principal, rule: Parameters<RoutingConfigRepository['createRule']>[0]) {
    if (!(await this.config.queueExists(rule.targetQueue)))
      throw invalid('targetQueue', `queue ${rule.targetQueue} does not exist`);
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

  async deleteRule(actor: Principal, id: string): Promise<void> {
    await this.audit.change(
      actor,
      { entity: 'routing_rule', action: 'delete', entityId: id },
      async () => {
        const before = await this.config.findRule(id);
        if (!before || !(await this.config.deleteRule(id)))
          throw new NotFoundException(`routing rule ${id} does not exist`);
        return { result: undefined, before };
      },
    );
    this.policy.invalidate();
  }
}
