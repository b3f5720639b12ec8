import { describeErrors, nulCharacterErrors } from '@scb/contracts';
import { type Clock, systemClock } from '@scb/core';
import {
  hasValidSha256Signature,
  parseMentionBatch,
  verifyTimestamped,
  type BatchItem,
  type MentionSink,
  type SourceMetrics,
} from '@scb/social-sources';
import { refused, type WebhookOutcome } from './webhook-outcome';

export interface GenericWebhookSettings {
  secret: string | undefined;
  maxItems: number;
  /** How far `X-SCB-Timestamp` may be from now, either way, in seconds. */
  toleranceS: number;
  /**
   * Transition for senders not yet sending `X-SCB-Timestamp`: a request without it is checked
   * the old way (HMAC of the body alone), and can be replayed. Off unless configured.
   */
  acceptUntimestamped: boolean;
  /** The server's time the timestamp is checked against; the system clock by default. */
  clock?: Clock;
}

/** What the signature headers of a request carry. */
export interface WebhookSignature {
  signature: string | undefined;
  timestamp: string | undefined;
}

const SIGNED_HOW =
  'X-SCB-Timestamp: <unix seconds> and X-SCB-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">';

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

  /** A signed body (see {@link checkSignature}, run first by the controller's guard). */
  async receive(body: Buffer): Promise<WebhookOutcome> {
    const batch = parseMentionBatch(body, 'generic-webhook', this.settings.maxItems);
    try {
      if (!batch.ok) {
        const reason = `generic webhook: ${describeErrors(batch.errors)}`;
        await this.deadLetter([{ reason, payload: body.toString('utf8'), code: 'not-a-batch' }]);
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
          code: 'contract',
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

  /**
   * Null when the raw body is signed with the secret (and, unless untimestamped signatures are
   * still accepted, recently); else the refusal: 503 while no secret is configured, 401 with the
   * reason for a bad, missing or old signature (counted in the source's metrics).
   */
  checkSignature(body: Buffer, { signature, timestamp }: WebhookSignature): WebhookOutcome | null {
    const { secret, toleranceS, acceptUntimestamped, clock = systemClock } = this.settings;
    if (!secret) return refused(503, 'webhook disabled: WEBHOOK_SECRET is not configured');
    if (timestamp === undefined && acceptUntimestamped) {
      if (hasValidSha256Signature(secret, body, signature)) return null;
      this.metrics.failed('refused: bad or missing signature');
      this.metrics.refused('signature');
      return refused(401, `missing or wrong X-SCB-Signature (${SIGNED_HOW})`);
    }
    const verdict = verifyTimestamped(
      secret,
      body,
      signature,
      timestamp,
      clock.now().getTime(),
      toleranceS,
    );
    if (verdict.ok) return null;
    const reasons = {
      'bad-signature': `missing or wrong X-SCB-Signature (${SIGNED_HOW})`,
      'bad-timestamp': `missing or malformed X-SCB-Timestamp (${SIGNED_HOW})`,
      'stale-timestamp': `X-SCB-Timestamp is more than ${toleranceS} s from the server's time: sign the request when sending it`,
    };
    this.metrics.failed(`refused: ${verdict.reason}`);
    this.metrics.refused('signature');
    return refused(401, reasons[verdict.reason]);
  }

  private async deadLetter(
    items: Array<{ reason: string; payload: string; code?: string }>,
  ): Promise<void> {
    await this.sink.reject(items);
  }
}

/**
 * A NUL (U+0000) anywhere in a mention is refused here, with its field, rather than accepted and
 * dead-lettered later by the matcher (Postgres text cannot hold it).
 */
function refuseNul(item: BatchItem): BatchItem {
  if (!item.ok) return item;
  // The contract repairs NUL in the text fields it owns (platform sources keep the post, marked in
  // `repairs`); a sender of this API is told instead, so its repairs count as NULs too.
  const repaired = item.mention.repairs
    .filter((r) => r.endsWith(':nul'))
    .map((r) => ({
      path: r.slice(0, -':nul'.length),
      message: 'contains a NUL character (U+0000), which is not allowed',
    }));
  const errors = [...repaired, ...nulCharacterErrors(item.mention)];
  return errors.length === 0 ? item : { index: item.index, ok: false, errors, raw: item.mention };
}
