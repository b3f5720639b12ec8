import { Logger } from '@nestjs/common';
import type { Clock } from '@scb/core';
import type { BrandAccount, BrandAccountRepository, ReplyRecord } from '@scb/persistence';
import { z } from 'zod';
import { metaReplyTarget } from './reply-target';

export interface BrandAccountLearnerOptions {
  /** X v2 prefix and the brand's user-context token (the one replies are posted with). */
  x: { baseUrl: string; userAccessToken: string } | null;
  /** Graph API prefix and the page token (the one replies are posted with). */
  meta: { graphUrl: string; pageAccessToken: string } | null;
}

const XMe = z.object({ data: z.object({ id: z.string().regex(/^\d+$/) }) });
const GraphFrom = z.object({ from: z.object({ id: z.string().regex(/^\d+$/) }) });
const GraphMe = z.object({ id: z.string().regex(/^\d+$/) });

/**
 * Learns the brand's own account ids from the replies the product sends (issue 13, kind 1): the
 * account a reply was posted as is the brand's, whatever the config lists. After a sent reply it
 * asks the platform who posted it (X: `GET /2/users/me` with the posting token; Meta: the created
 * comment's `from`, or the page itself, `GET /me`, for messages) and records the id in
 * `brand_accounts` with source `learnt-from-reply`; ingestion reloads that table periodically.
 *
 * One question per platform and reply kind per process: the tokens post as one account each.
 * Never fails a reply: a failed question is logged and asked again after the next reply.
 */
export class BrandAccountLearner {
  private readonly logger = new Logger(BrandAccountLearner.name);
  private readonly learnt = new Set<string>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly accounts: Pick<BrandAccountRepository, 'record'>,
    private readonly clock: Clock,
    private readonly options: BrandAccountLearnerOptions,
  ) {}

  /** Called after a reply was sent; returns at once (the question runs in the background). */
  afterReply(reply: ReplyRecord, postedId: string): void {
    this.pending = this.pending.then(() => this.learn(reply, postedId));
  }

  /** Resolves when the questions asked so far are answered (for tests and shutdown). */
  async settled(): Promise<void> {
    await this.pending;
  }

  private async learn(reply: ReplyRecord, postedId: string): Promise<void> {
    const kind =
      reply.platform === 'x' ? 'x' : `${reply.platform}:${metaReplyTarget(reply.inReplyTo)?.kind}`;
    if (this.learnt.has(kind)) return;
    try {
      const account = await this.ask(reply, postedId);
      if (!account) return;
      await this.accounts.record([account], this.clock.now());
      this.learnt.add(kind);
      this.logger.log({ message: 'brand account learnt from a reply', ...account });
    } catch (error) {
      this.logger.warn({
        message: 'could not learn the brand account of a reply',
        platform: reply.platform,
        error: (error as Error).message,
      });
    }
  }

  private async ask(reply: ReplyRecord, postedId: string): Promise<BrandAccount | null> {
    const learnt = (platform: string, accountId: string): BrandAccount => ({
      platform,
      accountId,
      source: 'learnt-from-reply',
    });
    if (reply.platform === 'x') {
      if (!this.options.x) return null;
      const { baseUrl, userAccessToken } = this.options.x;
      const me = XMe.parse(await getJson(new URL('users/me', baseUrl), userAccessToken));
      return learnt('x', me.data.id);
    }
    const target = metaReplyTarget(reply.inReplyTo);
    if (!this.options.meta || !target) return null;
    const { graphUrl, pageAccessToken } = this.options.meta;
    if (target.kind === 'message') {
      // Instagram messages are sent by the page too, but echoed from the Instagram account.
      if (reply.platform !== 'facebook') return null;
      const url = new URL('me', graphUrl);
      url.searchParams.set('fields', 'id');
      return learnt('facebook', GraphMe.parse(await getJson(url, pageAccessToken)).id);
    }
    const url = new URL(encodeURIComponent(postedId), graphUrl);
    url.searchParams.set('fields', 'from');
    return learnt(reply.platform, GraphFrom.parse(await getJson(url, pageAccessToken)).from.id);
  }
}

/** GET with the token in the Authorization header (never in the URL); throws on a non-2xx. */
async function getJson(url: URL, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url.pathname}`);
  return response.json();
}
