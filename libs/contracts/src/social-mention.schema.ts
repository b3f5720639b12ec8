import { z } from 'zod';
import { platformIdIssues } from './platform-ids';

export const PLATFORMS = ['x', 'facebook', 'instagram', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** `outbound` marks the brand's own replies (e.g. replayed history), kept for the thread's record. */
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

const id = z.string().trim().min(1).max(128);
const optionalText = (max: number) => z.string().max(max).nullable().default(null);

/**
 * One social post about the brand, normalized from any source. Version 1 of the contract on
 * `social.mentions.v1`; the Kafka key is `platform:authorId` so one author's posts keep their order.
 */
export const SocialMentionSchema = z
  .object({
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
    /** The platform's original payload, kept for audit and reprocessing. */
    raw: z.unknown().optional(),
  })
  // Ids have their platform's shape (see platform-ids): they end up in reply URLs.
  .superRefine((mention, ctx) => {
    for (const issue of platformIdIssues(mention))
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });

export type SocialMention = z.infer<typeof SocialMentionSchema>;
/** What a producer may send: defaults are filled in on validation. */
export type SocialMentionInput = z.input<typeof SocialMentionSchema>;

export function mentionKey(mention: Pick<SocialMention, 'platform' | 'authorId'>): string {
  return `${mention.platform}:${mention.authorId}`;
}
