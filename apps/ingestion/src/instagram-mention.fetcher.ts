import { setTimeout as sleep } from 'node:timers/promises';
import { mentionFields, mentionFromGraph, type InstagramMentionRef } from '@scb/social-sources';
import type { SocialMention } from '@scb/contracts';

export interface InstagramMentionFetcherOptions {
  /** Graph API prefix, e.g. `https://graph.facebook.com/v21.0/`; a local stand-in in tests. */
  graphUrl: string;
  /** A token that may read the business account's mentions (instagram_manage_comments). */
  accessToken: string;
  /** Tries per mention (the first included) and the wait before the second, doubling after. */
  attempts: number;
  firstDelayMs: number;
}

/** A fetched mention, or why there is none (for the dead-letter topic). */
export type FetchedMention = { mention: SocialMention } | { reason: string };

/**
 * Reads the comment or media an Instagram `mentions` webhook event points at (the event has no
 * text): `GET /{ig-user-id}?fields=mentioned_comment.comment_id(..){..}` or
 * `mentioned_media.media_id(..){..}`. A failed request (network, 5xx, 429, or a Graph error) is
 * tried again with exponential backoff; after `attempts` the reason is returned, never thrown.
 * The token travels in the Authorization header, never in the URL.
 */
export class InstagramMentionFetcher {
  constructor(
    private readonly options: InstagramMentionFetcherOptions,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {}

  async fetch(ref: InstagramMentionRef): Promise<FetchedMention> {
    const url = new URL(encodeURIComponent(ref.igUserId), this.options.graphUrl);
    url.searchParams.set('fields', mentionFields(ref));
    let reason = '';
    for (let attempt = 0; attempt < this.options.attempts; attempt += 1) {
      if (attempt > 0) await this.wait(this.options.firstDelayMs * 2 ** (attempt - 1));
      try {
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${this.options.accessToken}` },
        });
        const answer: unknown = await response.json().catch(() => null);
        if (response.ok) return mentionFromGraph(ref, answer);
        const message = (answer as { error?: { message?: unknown } } | null)?.error?.message;
        reason = `Graph API HTTP ${response.status}${typeof message === 'string' ? `: ${message}` : ''}`;
      } catch (error) {
        reason = `Graph API unreachable: ${(error as Error).message}`;
      }
    }
    const what = ref.commentId ? `comment ${ref.commentId}` : `media ${ref.mediaId}`;
    return {
      reason: `instagram mention (${what}) not fetched after ${this.options.attempts} tries: ${reason}`,
    };
  }
}
