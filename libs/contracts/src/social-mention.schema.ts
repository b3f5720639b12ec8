import { z } from 'zod';
import { platformIdIssues } from './platform-ids';
import { repairMentionText } from './text-repair';

export const PLATFORMS = ['x', 'facebook', 'instagram', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** `outbound` marks the brand's own replies (e.g. replayed history), kept for the thread's record. */
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Where a post is in its life: `created` (a new post), `edited` (a new revision of a post already
 * sent: `externalId` is the ORIGINAL post's id, `revisionId` the new revision's), `removed` (the
 * author deleted it; the stored text is kept for the audit).
 */
export const LIFECYCLES = ['created', 'edited', 'removed'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

const id = z.string().trim().min(1).max(128);
const optionalText = (max: number) => z.string().max(max).nullable().default(null);

/**
 * One social post about the brand, normalized from any source. Version 1 of the contract on
 * `social.mentions.v1`; the Kafka key is `partitionKey` (the customer party) so one customer's
 * exchange keeps its order.
 */
const SocialMentionFields = z.object({
  schemaVersion: z.literal(1).default(1),
  platform: z.enum(PLATFORMS),
  /**
   * Added to version 1 with a default, so older producers' messages still parse as `inbound`:
   * a customer's post. `outbound` is the brand's reply; it is not a new customer contact.
   */
  direction: z.enum(DIRECTIONS).default('inbound'),
  externalId: id,
  authorId: id,
  authorHandle: optionalText(256),
  authorName: optionalText(256),
  text: z.string().max(20_000),
  lang: z.string().max(16).nullable().default(null),
  createdAt: z.iso.datetime({ offset: true }),
  conversationId: id.nullable().default(null),
  inReplyToId: id.nullable().default(null),
  url: z.url().max(2048).nullable().default(null),
  /** The brand account the post was addressed to (e.g. `SpotifyCares`), when known. */
  targetAccount: optionalText(256),
  authorMetrics: z
    .object({
      followers: z.number().int().min(0).nullable().default(null),
      verified: z.boolean().nullable().default(null),
    })
    .default({ followers: null, verified: null }),
  /** Which connector produced it (x-stream, meta-webhook, replay, ...). */
  source: z.string().max(64).default('unknown'),
  /** Added to v1 with a default: old messages are new posts. */
  lifecycle: z.enum(LIFECYCLES).default('created'),
  /** For `edited`: the id of the new revision (X: the newest id of `edit_history_tweet_ids`). */
  revisionId: id.nullable().default(null),
  /**
   * Set on a repost (an X retweet): the id of the post it repeats. A repost is no customer
   * contact and is recorded as ignored; a quote post has its own words and stays a customer post.
   */
  repostOf: id.nullable().default(null),
  /**
   * The customer side of the exchange, for the Kafka key: the author of an inbound post, the
   * customer an outbound post answers (a DM's recipient, X's `in_reply_to_user_id`) when known.
   */
  partyId: id.nullable().default(null),
  /** Shortened links in `text` with their expanded form (X `entities.urls`); text shows the expanded one. */
  links: z
    .array(z.object({ url: z.string().max(2048), expandedUrl: z.string().max(4096) }))
    .max(100)
    .default([]),
  /**
   * What ingestion repaired in the platform's text so that every later step accepts it (lone
   * surrogates, NUL and invalid UTF-8 become U+FFFD); empty when the text arrived intact.
   */
  repairs: z.array(z.string().max(64)).max(16).default([]),
  /** The platform's original payload, kept for audit and reprocessing. */
  raw: z.unknown().optional(),
});

/**
 * The contract, with text every later step can store: lone surrogates and NUL in the text, the
 * author's names and the raw payload are repaired to U+FFFD and listed in `repairs`
 * (`repairMentionText`). Every producer and consumer parses with it, so anything ingestion
 * accepts the matcher accepts, whichever producer wrote it.
 */
export const SocialMentionSchema = SocialMentionFields
  // Ids have their platform's shape (see platform-ids): they end up in reply URLs.
  .superRefine((mention, ctx) => {
    for (const issue of platformIdIssues(mention))
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  })
  .transform((m) => repairMentionText(m));

export type SocialMention = z.infer<typeof SocialMentionSchema>;
/** What a producer may send: defaults are filled in on validation. */
export type SocialMentionInput = z.input<typeof SocialMentionSchema>;

/** The author's identity key (`platform:authorId`): customer identities and advisory locks. */
export function mentionKey(mention: Pick<SocialMention, 'platform' | 'authorId'>): string {
  return `${mention.platform}:${mention.authorId}`;
}

/**
 * The Kafka key: the customer party of the exchange (`platform:partyId`, else the author), so a
 * customer's post and the brand's answer to it (a DM and its echo) share a partition and are
 * decided in the order they were sent, and one customer's posts keep their order.
 */
export function partitionKey(
  mention: Pick<SocialMention, 'platform' | 'authorId'> & { partyId?: string | null },
): string {
  return `${mention.platform}:${mention.partyId ?? mention.authorId}`;
}

/**
 * What makes one platform event unique, for ingestion's dedup window: the post
 * (`platform:externalId`), and for an edit or removal also the lifecycle and the revision (its
 * id, else its time), so a post's edits and removal are not taken for repeats of the post.
 */
export function mentionEventKey(
  mention: Pick<SocialMention, 'platform' | 'externalId' | 'createdAt'> & {
    lifecycle?: Lifecycle;
    revisionId?: string | null;
  },
): string {
  const base = `${mention.platform}:${mention.externalId}`;
  if (!mention.lifecycle || mention.lifecycle === 'created') return base;
  return `${base}:${mention.lifecycle}:${mention.revisionId ?? mention.createdAt}`;
}
