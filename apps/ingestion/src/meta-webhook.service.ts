import { isMalformedUtf8, repairMentionText, SocialMentionSchema } from '@scb/contracts';
import type { Clock } from '@scb/core';
import {
  normalizeMetaWebhook,
  parseMetaBody,
  splitInstagramMentions,
  type InstagramMentionRef,
  type MentionSink,
  type SourceMetrics,
} from '@scb/social-sources';
import type { FetchedMention, InstagramMentionFetcher } from './instagram-mention.fetcher';
import { refused, signatureRefusal, type WebhookOutcome } from './webhook-outcome';

export interface MetaWebhookSettings {
  appSecret: string | undefined;
  verifyToken: string | undefined;
  /** Facebook page ids and Instagram business account ids of the brand (META_BRAND_ACCOUNT_IDS). */
  brandIds?: ReadonlySet<string>;
  /** Stamps mentions that carry no time of their own; the system clock by default. */
  clock?: Clock;
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
    /** Reads Instagram `mentions` through the Graph API; none: they are counted as ignored. */
    private readonly mentionFetcher: InstagramMentionFetcher | null = null,
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

  /**
   * Null when the raw body carries the app secret's signature; else the refusal: 503 while
   * `META_APP_SECRET` is not configured, 401 for a bad or missing one (counted in the metrics).
   */
  checkSignature(body: Buffer, signature: string | undefined): WebhookOutcome | null {
    const gate = {
      secret: this.settings.appSecret,
      variable: 'META_APP_SECRET',
      header: 'X-Hub-Signature-256',
    };
    const refusal = signatureRefusal(gate, body, signature);
    if (refusal) {
      if (refusal.status === 401) {
        this.metrics.failed('refused: bad or missing signature');
        this.metrics.refused('signature');
      }
      return refusal;
    }
    return null;
  }

  /** A signed delivery (see {@link checkSignature}, run first by the controller's guard). */
  async receive(body: Buffer): Promise<WebhookOutcome> {
    // Only now, on the signed bytes: parsed losslessly so ids above 2^53 keep every digit.
    const text = body.toString('utf8');
    const json = parseMetaBody(text);
    // Instagram `mentions` carry no text: taken out here and fetched from the Graph API below.
    const split =
      'value' in json && this.mentionFetcher ? splitInstagramMentions(json.value) : null;
    const result =
      'value' in json
        ? normalizeMetaWebhook(
            split ? split.rest : json.value,
            { brandIds: this.settings.brandIds },
            this.settings.clock,
          )
        : { error: json.error };
    try {
      if ('error' in result) {
        await this.deadLetter([
          { reason: `meta webhook: ${result.error}`, payload: text, code: 'not-a-delivery' },
        ]);
        return refused(400, `not a Meta webhook delivery: ${result.error}`);
      }
      // Bytes that were not UTF-8 were decoded to U+FFFD above: recorded on the mentions it hit.
      // One at a time: each mention's retries stay together, and Meta's rate limit is spared.
      const fetched: Array<{ ref: InstagramMentionRef; got: FetchedMention }> = [];
      for (const ref of split?.refs ?? [])
        fetched.push({ ref, got: await this.mentionFetcher!.fetch(ref) });
      const decoded = isMalformedUtf8(body)
        ? result.mentions.map((m) =>
            m.text.includes('\uFFFD')
              ? SocialMentionSchema.parse(repairMentionText(m, ['body:invalid-utf8']))
              : m,
          )
        : result.mentions;
      const mentions = [
        ...decoded,
        ...fetched.flatMap(({ got }) => ('mention' in got ? [got.mention] : [])),
      ];
      for (const [reason, n] of Object.entries(result.ignoredReasons))
        this.metrics.ignored(n, reason);
      const { duplicates } = await this.sink.publish(mentions);
      const unfetched = fetched.flatMap(({ ref, got }) =>
        'reason' in got
          ? [
              {
                reason: `meta webhook: ${got.reason}`,
                payload: JSON.stringify(ref),
                code: 'graph-fetch',
              },
            ]
          : [],
      );
      await this.deadLetter([
        ...result.invalid.map((i) => ({
          reason: `meta webhook: ${i.reason}`,
          payload: JSON.stringify(i.raw),
          code: i.code,
        })),
        ...unfetched,
      ]);
      return {
        status: 200,
        body: {
          accepted: mentions.length,
          ignored: result.ignored,
          rejected: result.invalid.length + unfetched.length,
          duplicates,
        },
      };
    } catch (error) {
      const reason = `mentions not stored (Kafka unavailable: ${(error as Error).message})`;
      this.metrics.failed(reason);
      return refused(503, `${reason}; Meta will retry`);
    }
  }

  private async deadLetter(
    items: Array<{ reason: string; payload: string; code?: string }>,
  ): Promise<void> {
    await this.sink.reject(items);
  }
}
