import { describeErrors } from '@scb/contracts';
import { parseMentionBatch, type MentionSink, type SourceMetrics } from '@scb/social-sources';
import { refused, signatureRefusal, type WebhookOutcome } from './webhook-outcome';

export interface GenericWebhookSettings {
  secret: string | undefined;
  maxItems: number;
}

/**
 * The signed webhook for third-party listening tools. Valid items are published (and acknowledged
 * by Kafka) before the answer; invalid ones are dead-lettered and listed with their field errors,
 * so a sender can fix and resend just those.
 */
export class GenericWebhookService {
  constructor(
    /** Kafka and the dead-letter topic, counting into this source's metrics. */
    private readonly sink: MentionSink,
    private readonly metrics: SourceMetrics,
    private readonly settings: GenericWebhookSettings,
  ) {}

  async receive(body: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    const gate = {
      secret: this.settings.secret,
      variable: 'WEBHOOK_SECRET',
      header: 'X-SCB-Signature',
    };
    const refusal = signatureRefusal(gate, body, signature);
    if (refusal) {
      if (refusal.status === 401) {
        this.metrics.failed('refused: bad or missing signature');
        this.metrics.refused('signature');
      }
      return refusal;
    }

    const batch = parseMentionBatch(body, 'generic-webhook', this.settings.maxItems);
    try {
      if (!batch.ok) {
        const reason = `generic webhook: ${describeErrors(batch.errors)}`;
        await this.deadLetter([{ reason, payload: body.toString('utf8'), code: 'not-a-batch' }]);
        return {
          status: 400,
          body: { statusCode: 400, message: 'invalid body', errors: batch.errors },
        };
      }
      const accepted = batch.items.flatMap((i) => (i.ok ? [i.mention] : []));
      const rejected = batch.items.flatMap((i) => (i.ok ? [] : [i]));
      const { duplicates } = await this.sink.publish(accepted);
      await this.deadLetter(
        rejected.map((i) => ({
          reason: `generic webhook item ${i.index}: ${describeErrors(i.errors)}`,
          payload: JSON.stringify(i.raw) ?? 'undefined',
          code: 'contract',
        })),
      );
      return {
        status: rejected.length > 0 ? 400 : 202,
        body: {
          accepted: accepted.length,
          rejected: rejected.length,
          /** Accepted, but already published within the dedup window. */
          duplicates,
          results: batch.items.map((i) =>
            i.ok
              ? { index: i.index, status: 'accepted', externalId: i.mention.externalId }
              : { index: i.index, status: 'rejected', errors: i.errors },
          ),
        },
      };
    } catch (error) {
      // Nothing is acknowledged unless Kafka has it: the sender retries the whole request, and
      // downstream dedup on platform:externalId makes the retry harmless.
      const reason = `mentions not stored (Kafka unavailable: ${(error as Error).message})`;
      this.metrics.failed(reason);
      return refused(503, `${reason}; retry the request`);
    }
  }

  private async deadLetter(
    items: Array<{ reason: string; payload: string; code?: string }>,
  ): Promise<void> {
    await this.sink.reject(items);
  }
}
