import { describeErrors, nulCharacterErrors } from '@scb/contracts';
import {
  parseMentionBatch,
  type BatchItem,
  type MentionSink,
  type SourceMetrics,
} from '@scb/social-sources';
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
      if (refusal.status === 401) this.metrics.failed('refused: bad or missing signature');
      return refusal;
    }

    const batch = parseMentionBatch(body, 'generic-webhook', this.settings.maxItems);
    try {
      if (!batch.ok) {
        const reason = `generic webhook: ${describeErrors(batch.errors)}`;
        await this.deadLetter([{ reason, payload: body.toString('utf8') }]);
        return refused(400, 'invalid body', { errors: batch.errors }, 'validation-error');
      }
      const items = batch.items.map(refuseNul);
      const accepted = items.flatMap((i) => (i.ok ? [i.mention] : []));
      const rejected = items.flatMap((i) => (i.ok ? [] : [i]));
      const { duplicates } = await this.sink.publish(accepted);
      await this.deadLetter(
        rejected.map((i) => ({
          reason: `generic webhook item ${i.index}: ${describeErrors(i.errors)}`,
          payload: JSON.stringify(i.raw) ?? 'undefined',
        })),
      );
      const summary = {
        accepted: accepted.length,
        rejected: rejected.length,
        /** Accepted, but already published within the dedup window. */
        duplicates,
        results: items.map((i) =>
          i.ok
            ? { index: i.index, status: 'accepted', externalId: i.mention.externalId }
            : { index: i.index, status: 'rejected', errors: i.errors },
        ),
      };
      if (rejected.length === 0) return { status: 202, body: summary };
      const detail = `${rejected.length} of ${items.length} mentions rejected (${describeErrors(
        rejected.flatMap((i) => i.errors.map((e) => ({ ...e, path: `${i.index}.${e.path}` }))),
      )}); the others were accepted`;
      return refused(400, detail, summary, 'mentions-rejected');
    } catch (error) {
      // Nothing is acknowledged unless Kafka has it: the sender retries the whole request, and
      // downstream dedup on platform:externalId makes the retry harmless.
      const reason = `mentions not stored (Kafka unavailable: ${(error as Error).message})`;
      this.metrics.failed(reason);
      return refused(503, `${reason}; retry the request`);
    }
  }

  private async deadLetter(items: Array<{ reason: string; payload: string }>): Promise<void> {
    await this.sink.reject(items);
  }
}

/**
 * A NUL (U+0000) anywhere in a mention is refused here, with its field, rather than accepted and
 * dead-lettered later by the matcher (Postgres text cannot hold it).
 */
function refuseNul(item: BatchItem): BatchItem {
  if (!item.ok) return item;
  const errors = nulCharacterErrors(item.mention);
  return errors.length === 0 ? item : { index: item.index, ok: false, errors, raw: item.mention };
}
