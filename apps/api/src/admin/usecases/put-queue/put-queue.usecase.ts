import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '@scb/core';
import { RoutingConfigRepository, type QueueConfig } from '@scb/persistence';
import { OutboundAllowList, outboundUrlRefusal, RoutingPolicyCache } from '@scb/work-queues';
import { notifyChannel } from '@scb/routing';
import { AuditTrail } from '../../../audit/audit-trail';
import { ApiSettings } from '../../../config/api-settings';
import type { PutQueueCommand } from './put-queue.command';

/** Saves a queue, audited; running routers pick it up within seconds (the policy cache). */
@Injectable()
export class PutQueue {
  private readonly webhookAllow: OutboundAllowList;

  constructor(
    @Inject(RoutingConfigRepository)
    private readonly config: Pick<
      RoutingConfigRepository,
      'queueExists' | 'findQueueConfig' | 'upsertQueue'
    >,
    @Inject(RoutingPolicyCache) private readonly policy: Pick<RoutingPolicyCache, 'invalidate'>,
    private readonly audit: AuditTrail,
    /** `SLA_WEBHOOK_ALLOWED_HOSTS`: non-public webhook targets allowed. */
    @Inject(ApiSettings) settings: Pick<ApiSettings, 'SLA_WEBHOOK_ALLOWED_HOSTS'>,
  ) {
    this.webhookAllow = new OutboundAllowList(settings.SLA_WEBHOOK_ALLOWED_HOSTS);
  }

  /**
   * Returns the queue as saved. Throws `ValidationError` when the escalation queue does not
   * exist or a webhook in `escalation.notify` targets a loopback, private, link-local or
   * unique-local address (IP literal or any address its name resolves to) that the allow-list
   * does not permit: the router would refuse it at send time anyway (SSRF, issue #14.8). A name
   * that does not resolve is refused too; the router checks every send again (names may move).
   */
  async execute({ actor, queue }: PutQueueCommand): Promise<QueueConfig> {
    await this.checkNotifyTargets(queue.slaPolicy.escalation.notify);
    const escalateTo = queue.slaPolicy.escalation.toQueue;
    if (escalateTo && escalateTo !== queue.name && !(await this.config.queueExists(escalateTo)))
      throw ValidationError.field(
        'slaPolicy.escalation.toQueue',
        `queue ${escalateTo} does not exist`,
      );
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
      throw ValidationError.field(
        `slaPolicy.escalation.notify.${index}`,
        refusals[index] as string,
      );
  }
}
