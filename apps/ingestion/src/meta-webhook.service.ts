import { describeErrors, nulCharacterPaths, parseJsonWith } from '@scb/contracts';
import { normalizeMetaWebhook, type MentionSink, type SourceMetrics } from '@scb/social-sources';
import { z } from 'zod';
import { refused, signatureRefusal, type WebhookOutcome } from './webhook-outcome';

export interface MetaWebhookSettings {
  appSecret: string | undefined;
  verifyToken: string | undefined;
}

/**
 * Meta (Facebook Pages, Instagram) webhooks. Meta retries a delivery that does not get 200, so
 * 200 means "Kafka has the mentions"; events we cannot read get 200 too (a retry would not fix
 * them) but go to the dead-letter topic with the reason.
 */
export class MetaWebhookService {
  constructor(
    /** Kafka and the dead-letter topic, counting into this source's metrics. */
    private readonly sink: MentionSink,
    private readonly metrics: SourceMetrics,
    private readonly settings: MetaWebhookSettings,
  ) {}

  /** The subscription handshake: echo `hub.challenge` when the verify token is ours. */
  verify(query: Record<string, unknown>): WebhookOutcome {
    if (!this.settings.verifyToken)
      return refused(503, 'webhook disabled: META_VERIFY_TOKEN is not configured');
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = query;
    if (
      mode !== 'subscribe' ||
      token !== this.settings.verifyToken ||
      typeof challenge !== 'string'
    )
      return refused(403, 'hub.mode must be subscribe and hub.verify_token must match');
    return { status: 200, body: challenge, contentType: 'text/plain' };
  }

  async receive(body: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    const gate = {
      secret: this.settings.appSecret,
      variable: 'META_APP_SECRET',
      header: 'X-Hub-Signature-256',
    };
    const refusal = signatureRefusal(gate, body, signature);
    if (refusal) {
      if (refusal.status === 401) this.metrics.failed('refused: bad or missing signature');
      return refusal;
    }

    const json = parseJsonWith(z.unknown(), body);
    const result = json.ok
      ? normalizeMetaWebhook(json.value)
      : { error: describeErrors(json.errors).replace(/^\(root\): /, '') };
    try {
      if ('error' in result) {
        await this.deadLetter([
          { reason: `meta webhook: ${result.error}`, payload: body.toString('utf8') },
        ]);
        return refused(400, `not a Meta webhook delivery: ${result.error}`);
      }
      // A NUL (U+0000) cannot be stored: that event is dead-lettered with the field, the rest go on.
      const withNul = result.mentions.map((m) => nulCharacterPaths(m));
      const mentions = result.mentions.filter((_, i) => withNul[i].length === 0);
      const invalid = [
        ...result.invalid,
        ...result.mentions.flatMap((m, i) =>
          withNul[i].length > 0
            ? [{ reason: `a NUL character (U+0000) in ${withNul[i].join(', ')}`, raw: m }]
            : [],
        ),
      ];
      const { duplicates } = await this.sink.publish(mentions);
      await this.deadLetter(
        invalid.map((i) => ({
          reason: `meta webhook: ${i.reason}`,
          payload: JSON.stringify(i.raw),
        })),
      );
      return {
        status: 200,
        body: {
          accepted: mentions.length,
          ignored: result.ignored,
          rejected: invalid.length,
          duplicates,
        },
      };
    } catch (error) {
      const reason = `mentions not stored (Kafka unavailable: ${(error as Error).message})`;
      this.metrics.failed(reason);
      return refused(503, `${reason}; Meta will retry`);
    }
  }

  private async deadLetter(items: Array<{ reason: string; payload: string }>): Promise<void> {
    await this.sink.reject(items);
  }
}
