import {
  describeErrors,
  parseWith,
  SocialMentionSchema,
  type SocialMention,
  type SocialMentionInput,
} from '@scb/contracts';
import { z } from 'zod';

/** What one Meta delivery turned into: mentions, events we do not handle, and broken events. */
export interface MetaNormalized {
  mentions: SocialMention[];
  /** Likes, reactions, edits, read receipts...: valid, but not something a customer said. */
  ignored: number;
  invalid: Array<{ reason: string; raw: unknown }>;
}

const Id = z.union([z.string().min(1), z.number()]).transform(String);
const Entry = z.object({
  id: Id,
  time: z.number().optional(),
  changes: z.array(z.object({ field: z.string(), value: z.unknown() })).optional(),
  messaging: z.array(z.unknown()).optional(),
});
const Envelope = z.object({ object: z.enum(['page', 'instagram']), entry: z.array(Entry) });

const FeedValue = z.object({
  item: z.string(),
  verb: z.string(),
  from: z.object({ id: Id, name: z.string().optional() }),
  post_id: Id,
  comment_id: Id.optional(),
  parent_id: Id.optional(),
  message: z.string().optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
});
const InstagramComment = z.object({
  id: Id,
  from: z.object({ id: Id, username: z.string().optional() }),
  text: z.string().optional(),
  media: z.object({ id: Id }).optional(),
  parent_id: Id.optional(),
});
const MessagingEvent = z.object({
  sender: z.object({ id: Id }),
  recipient: z.object({ id: Id }),
  timestamp: z.number(),
  message: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      reply_to: z.object({ mid: z.string() }).optional(),
    })
    .optional(),
});

type Platform = 'facebook' | 'instagram';
type Candidate = { input: SocialMentionInput } | { ignored: true } | { reason: string };

/** Meta sends Unix seconds (entry.time, created_time) or milliseconds (messaging timestamps). */
function instant(value: number | string | undefined, fallbackSeconds: number | undefined): string {
  const v = value ?? fallbackSeconds;
  if (typeof v === 'string') return new Date(/^\d+$/.test(v) ? Number(v) * 1000 : v).toISOString();
  if (v === undefined) return new Date().toISOString();
  return new Date(v < 1e12 ? v * 1000 : v).toISOString();
}

/**
 * Turns a Meta Webhooks delivery (Pages `feed` and `messages`, Instagram `comments` and
 * messages) into mentions. Thread ids keep replies on their conversation: a comment's post or
 * media is its `conversationId` and its parent comment its `inReplyToId`; a private conversation
 * is identified by the customer's scoped id. What the account itself wrote is `outbound`.
 */
export function normalizeMetaWebhook(payload: unknown): MetaNormalized | { error: string } {
  const envelopes = Array.isArray(payload) ? payload : [payload];
  const result: MetaNormalized = { mentions: [], ignored: 0, invalid: [] };
  for (const raw of envelopes) {
    const envelope = parseWith(Envelope, raw);
    if (!envelope.ok) return { error: describeErrors(envelope.errors) };
    const platform: Platform = envelope.value.object === 'page' ? 'facebook' : 'instagram';
    for (const entry of envelope.value.entry) {
      const events: Array<{ raw: unknown; candidate: Candidate }> = [
        ...(entry.changes ?? []).map((change) => ({
          raw: change,
          candidate: fromChange(platform, entry, change.field, change.value),
        })),
        ...(entry.messaging ?? []).map((event) => ({
          raw: event,
          candidate: fromMessaging(platform, entry.id, event),
        })),
      ];
      for (const { raw: eventRaw, candidate } of events) {
        if ('ignored' in candidate) result.ignored += 1;
        else if ('reason' in candidate)
          result.invalid.push({ reason: candidate.reason, raw: eventRaw });
        else {
          const mention = parseWith(SocialMentionSchema, candidate.input);
          if (mention.ok) result.mentions.push(mention.value);
          else result.invalid.push({ reason: describeErrors(mention.errors), raw: eventRaw });
        }
      }
    }
  }
  return result;
}

function fromChange(
  platform: Platform,
  entry: z.infer<typeof Entry>,
  field: string,
  value: unknown,
): Candidate {
  if (platform === 'facebook' && field === 'feed') return fromFeed(entry, value);
  if (platform === 'instagram' && (field === 'comments' || field === 'live_comments'))
    return fromInstagramComment(entry, value);
  return { ignored: true };
}

function fromFeed(entry: z.infer<typeof Entry>, value: unknown): Candidate {
  const item = (value as { item?: unknown } | null)?.item;
  const verb = (value as { verb?: unknown } | null)?.verb;
  // Only new posts and comments are something to answer; likes, edits, removals are not.
  if (verb !== 'add' || !['comment', 'post', 'status', 'photo', 'video'].includes(String(item)))
    return { ignored: true };
  const parsed = parseWith(FeedValue, value);
  if (!parsed.ok) return { reason: `feed ${String(item)}: ${describeErrors(parsed.errors)}` };
  const v = parsed.value;
  const isComment = v.item === 'comment';
  const externalId = isComment ? v.comment_id : v.post_id;
  if (!externalId) return { reason: 'feed comment: comment_id: missing' };
  return {
    input: {
      platform: 'facebook',
      direction: v.from.id === entry.id ? 'outbound' : 'inbound',
      externalId,
      authorId: v.from.id,
      authorName: v.from.name ?? null,
      text: v.message ?? '',
      createdAt: instant(v.created_time, entry.time),
      conversationId: v.post_id,
      inReplyToId: isComment ? (v.parent_id ?? v.post_id) : null,
      targetAccount: entry.id,
      source: 'meta-webhook',
      raw: value,
    },
  };
}

function fromInstagramComment(entry: z.infer<typeof Entry>, value: unknown): Candidate {
  const parsed = parseWith(InstagramComment, value);
  if (!parsed.ok) return { reason: `instagram comment: ${describeErrors(parsed.errors)}` };
  const v = parsed.value;
  return {
    input: {
      platform: 'instagram',
      direction: v.from.id === entry.id ? 'outbound' : 'inbound',
      externalId: v.id,
      authorId: v.from.id,
      authorHandle: v.from.username ?? null,
      text: v.text ?? '',
      createdAt: instant(undefined, entry.time),
      conversationId: v.media?.id ?? null,
      inReplyToId: v.parent_id ?? v.media?.id ?? null,
      targetAccount: entry.id,
      source: 'meta-webhook',
      raw: value,
    },
  };
}

function fromMessaging(platform: Platform, accountId: string, event: unknown): Candidate {
  const parsed = parseWith(MessagingEvent, event);
  if (!parsed.ok) return { reason: `${platform} message: ${describeErrors(parsed.errors)}` };
  const { sender, recipient, timestamp, message } = parsed.value;
  // Delivery and read receipts, reactions and postbacks carry no message.
  if (!message) return { ignored: true };
  const outbound = message.is_echo === true || sender.id === accountId;
  const customer = outbound ? recipient.id : sender.id;
  return {
    input: {
      platform,
      direction: outbound ? 'outbound' : 'inbound',
      externalId: message.mid,
      authorId: sender.id,
      text: message.text ?? '',
      createdAt: instant(timestamp, undefined),
      // One private thread per customer and account.
      conversationId: `dm:${accountId}:${customer}`,
      inReplyToId: message.reply_to?.mid ?? null,
      targetAccount: accountId,
      source: 'meta-webhook',
      raw: event,
    },
  };
}
