import { Logger } from '@nestjs/common';
import type { SlaNotificationRepository } from '@scb/persistence';
import type { SlaWebhookNotifier } from './sla-webhook.notifier';

/**
 * Delivers the pending supervisor webhooks of one breach. It throws when any failed, so the
 * BullMQ timer job that called it is retried with backoff until they are delivered.
 */
export class SlaNotificationDispatcher {
  private readonly logger = new Logger(SlaNotificationDispatcher.name);

  constructor(
    private readonly outbox: Pick<SlaNotificationRepository, 'pending' | 'recordAttempts'>,
    private readonly notifier: Pick<SlaWebhookNotifier, 'deliver'>,
  ) {}

  async dispatch(timer: Parameters<SlaNotificationRepository['pending']>[0]): Promise<void> {
    const pending = await this.outbox.pending(timer);
    if (pending.length === 0) return;
    const attempts = await Promise.all(
      pending.map(async (n) => ({ id: n.id, error: await this.notifier.deliver(n) })),
    );
    await this.outbox.recordAttempts(attempts);
    const failed = attempts.filter((a) => a.error !== null);
    if (failed.length === 0) {
      this.logger.log({
        message: 'SLA notifications delivered',
        workItemId: timer.workItemId,
        delivered: attempts.length,
      });
      return;
    }
    throw new Error(
      `${failed.length} of ${attempts.length} SLA notifications not delivered: ${failed
        .map((f) => f.error)
        .join('; ')}`,
    );
  }
}
