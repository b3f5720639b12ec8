import {
  describeErrors,
  jsonNestedDeeperThan,
  MAX_JSON_DEPTH,
  parseWith,
  SocialMentionSchema,
  type SocialMention,
  type SocialMentionInput,
} from '@scb/contracts';
import { parse as parseLossless } from 'lossless-json';
import { z } from 'zod';
import { type Clock, systemClock } from '@scb/core';

/** What one Meta delivery turned into: mentions, events we do not handle, and broken events. */
export interface MetaNormalized {
  mentions: SocialMention[];
  /** Likes, reactions, read receipts...: valid, but not something a customer said. */
  ignored: number;
  /** The ignored events by reason (`reaction`, `read-receipt`, `hidden`, ...). */
  ignoredReasons: Record<string, number>;
  /** Events that could not be read, each with its reason and a short code for the counters. */
  invalid: Array<{ reason: string; raw: unknown; code: string }>;
}

/** What the brand's own accounts are, beyond the delivery's entry (the page or IG account). */
export interface MetaNormalizeOptions {
  /** Facebook page ids and Instagram business account ids of the brand. */
  brandIds?: ReadonlySet<string>;
}

/**
 * A Meta delivery's bytes as JSON with every integer kept digit for digit: integers beyond
 * 2^53 (Meta ids sent as JSON numbers) become strings instead of being rounded; other numbers
 * stay numbers. Run on the raw bytes AFTER the signature check. Null when not JSON.
 */
export function parseMetaBody(text: string): { value: unknown } | { error: string } {
  if (jsonNestedDeeperThan(text, MAX_JSON_DEPTH))
    return { error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return {
      value: parseLossless(text, null, (digits: string) =>
        /^-?\d+$/.test(digits) && !Number.isSafeInteger(Number(digits)) ? digits : Number(digits),
      ),
    };
  } catch (error) {
    return { error: `malformed JSON: ${(error as Error).message}` };
  }
}

const Id = z.union([z.string().min(1), z.number()]).transform(String);
const Entry = z.object({
  id: Id,
  time: z.union([z.number(), z.string()]).optional(),
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
      /** Messenger / Instagram "unsend": the message was deleted by its author. */
      is_deleted: z.boolean().optional(),
      reply_to: z.object({ mid: z.string() }).optional(),
    })
    .optional(),
  /** Messenger `message_edits`: the new text of an earlier message. */
  message_edit: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      num_edit: z.number().optional(),
    })
    .optional(),
});

type Platform = 'facebook' | 'instagram';
type Candidate =
  { input: SocialMentionInput } | { ignored: string } | { reason: string; code: string };

/** 2001-01-01 .. 2200-01-01: anything outside is no post time but a broken value (`1e20`). */
const EARLIEST_MS = Date.UTC(2001, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

/**
 * Meta sends Unix seconds (entry.time, created_time), milliseconds (messaging timestamps) or
 * ISO 8601 with `+0000` (Graph API times). Null when the value is no plausible instant.
 */
function instant(
  value: number | string | undefined,
  fallback: number | string | undefined,
  now: () => number,
): string | null {
  const v = value ?? fallback;
  if (v === undefined) return new Date(now()).toISOString();
  const ms =
    typeof v === 'number'
      ? v < 1e12
        ? v * 1000
        : v
      : /^\d+$/.test(v)
        ? Number(v) * (v.length <= 11 ? 1000 : 1)
        : Date.parse(v);
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) return null;
  return new Date(ms).toISOString();
}

const badTime = (what: string, value: unknown): Candidate => ({
  reason: `${what}: ${JSON.stringify(value)} is not a time (Unix seconds, milliseconds or ISO 8601)`,
  code: 'bad-time',
});

/**
 * Turns a Meta Webhooks delivery (Pages `feed` and `messages`, Instagram `comments` and
 * messages) into mentions. Thread ids keep replies on their conversation: a comment's post or
 * media is its `conversationId` and its parent comment its `inReplyToId`; a private conversation
 * is identified by the customer's scoped id. What the account itself wrote is `outbound`.
 */
export function normalizeMetaWebhook(
  payload: unknown,
  options: MetaNormalizeOptions = {},
  clock: Clock = systemClock,
): MetaNormalized | { error: string } {
  const envelopes = Array.isArray(payload) ? payload : [payload];
  const result: MetaNormalized = { mentions: [], ignored: 0, ignoredReasons: {}, invalid: [] };
  for (const raw of envelopes) {
    const envelope = parseWith(Envelope, raw);
    if (!envelope.ok) return { error: describeErrors(envelope.errors) };
    const platform: Platform = envelope.value.object === 'page' ? 'facebook' : 'instagram';
    for (const entry of envelope.value.entry) {
      const ctx: Ctx = {
        entry,
        now: () => clock.now().getTime(),
        isBrand: (id) => id === entry.id || (options.brandIds?.has(id) ?? false),
      };
      // One broken event never sinks the delivery: whatever it throws is that event's reason.
      const guarded = (read: () => Candidate): Candidate => {
        try {
          return read();
        } catch (error) {
          return { reason: `unreadable event: ${(error as Error).message}`, code: 'unreadable' };
        }
      };
      const events: Array<{ raw: unknown; candidate: Candidate }> = [
        ...(entry.changes ?? []).map((change) => ({
          raw: change,
          candidate: guarded(() => fromChange(platform, ctx, change.field, change.value)),
        })),
        ...(entry.messaging ?? []).map((event) => ({
          raw: event,
          candidate: guarded(() => fromMessaging(platform, ctx, event)),
        })),
      ];
      for (const { raw: eventRaw, candidate } of events) {
        if ('ignored' in candidate) {
          result.ignored += 1;
          result.ignoredReasons[candidate.ignored] =
            (result.ignoredReasons[candidate.ignored] ?? 0) + 1;
        } else if ('reason' in candidate)
          result.invalid.push({ reason: candidate.reason, raw: eventRaw, code: candidate.code });
        else {
          const mention = parseWith(SocialMentionSchema, candidate.input);
          if (mention.ok) result.mentions.push(mention.value);
          else
            result.invalid.push({
              reason: describeErrors(mention.errors),
              raw: eventRaw,
              code: 'contract',
            });
        }
      }
    }
  }
  return result;
}

interface Ctx {
  entry: z.infer<typeof Entry>;
  now: () => number;
  /** The entry's own account or a configured brand account. */
  isBrand: (id: string) => boolean;
}

/** Feed verbs: `add` a post, `edited` a new text, `remove`/`delete` gone; the rest ignored. */
const FEED_LIFECYCLE: Record<string, 'created' | 'edited' | 'removed'> = {
  add: 'created',
  edited: 'edited',
  edit: 'edited',
  remove: 'removed',
  delete: 'removed',
};
const FEED_ITEMS = ['comment', 'post', 'status', 'photo', 'video', 'share'];

function fromChange(platform: Platform, ctx: Ctx, field: string, value: unknown): Candidate {
  if (platform === 'facebook' && field === 'feed') return fromFeed(ctx, value);
  if (platform === 'instagram' && (field === 'comments' || field === 'live_comments'))
    return fromInstagramComment(ctx, value);
  return { ignored: `field ${field.slice(0, 40)}` };
}

function fromFeed(ctx: Ctx, value: unknown): Candidate {
  const item = String((value as { item?: unknown } | null)?.item);
  const verb = String((value as { verb?: unknown } | null)?.verb);
  const lifecycle = FEED_LIFECYCLE[verb];
  // Likes and reactions, hide/unhide, page settings: valid, but nothing a customer said.
  if (!FEED_ITEMS.includes(item))
    return { ignored: item === 'undefined' ? 'feed' : `feed ${item.slice(0, 20)}` };
  if (!lifecycle) return { ignored: `feed ${verb.slice(0, 20)}` };
  const parsed = parseWith(FeedValue, value);
  if (!parsed.ok)
    return { reason: `feed ${item}: ${describeErrors(parsed.errors)}`, code: 'contract' };
  const v = parsed.value;
  const isComment = v.item === 'comment';
  const externalId = isComment ? v.comment_id : v.post_id;
  if (!externalId) return { reason: 'feed comment: comment_id: missing', code: 'contract' };
  const createdAt = instant(v.created_time, ctx.entry.time, ctx.now);
  if (!createdAt) return badTime(`feed ${item} ${externalId}: created_time`, v.created_time);
  return {
    input: {
      platform: 'facebook',
      direction: ctx.isBrand(v.from.id) ? 'outbound' : 'inbound',
      externalId,
      authorId: v.from.id,
      authorName: v.from.name ?? null,
      text: v.message ?? '',
      createdAt,
      conversationId: v.post_id,
      inReplyToId: isComment ? (v.parent_id ?? v.post_id) : null,
      targetAccount: ctx.entry.id,
      source: 'meta-webhook',
      lifecycle,
      raw: value,
    },
  };
}

function fromInstagramComment(ctx: Ctx, value: unknown): Candidate {
  const parsed = parseWith(InstagramComment, value);
  if (!parsed.ok)
    return { reason: `instagram comment: ${describeErrors(parsed.errors)}`, code: 'contract' };
  const v = parsed.value;
  const createdAt = instant(undefined, ctx.entry.time, ctx.now);
  if (!createdAt) return badTime(`instagram comment ${v.id}: entry.time`, ctx.entry.time);
  return {
    input: {
      platform: 'instagram',
      direction: ctx.isBrand(v.from.id) ? 'outbound' : 'inbound',
      externalId: v.id,
      authorId: v.from.id,
      authorHandle: v.from.username ?? null,
      text: v.text ?? '',
      createdAt,
      conversationId: v.media?.id ?? null,
      inReplyToId: v.parent_id ?? v.media?.id ?? null,
      targetAccount: ctx.entry.id,
      source: 'meta-webhook',
      raw: value,
    },
  };
}

function fromMessaging(platform: Platform, ctx: Ctx, event: unknown): Candidate {
  const parsed = parseWith(MessagingEvent, event);
  if (!parsed.ok)
    return { reason: `${platform} message: ${describeErrors(parsed.errors)}`, code: 'contract' };
  const { sender, recipient, timestamp, message, message_edit: edit } = parsed.value;
  // Delivery and read receipts, reactions and postbacks carry no message.
  if (!message && !edit) return { ignored: messagingKind(event) };
  const accountId = ctx.entry.id;
  const outbound = message?.is_echo === true || ctx.isBrand(sender.id);
  const customer = outbound ? recipient.id : sender.id;
  const createdAt = instant(timestamp, undefined, ctx.now);
  if (!createdAt) return badTime(`${platform} message: timestamp`, timestamp);
  const lifecycle = edit ? 'edited' : message?.is_deleted ? 'removed' : 'created';
  return {
    input: {
      platform,
      direction: outbound ? 'outbound' : 'inbound',
      externalId: edit ? edit.mid : message!.mid,
      authorId: sender.id,
      text: (edit ? edit.text : message!.text) ?? '',
      createdAt,
      // One private thread per customer and account.
      conversationId: `dm:${accountId}:${customer}`,
      inReplyToId: message?.reply_to?.mid ?? null,
      // The customer party keys the DM and its echo alike, so they are decided in order.
      partyId: customer,
      lifecycle,
      targetAccount: accountId,
      source: 'meta-webhook',
      raw: event,
    },
  };
}

/** What a messaging event without a message is, for the ignored counters. */
function messagingKind(event: unknown): string {
  const e = event as Record<string, unknown>;
  for (const kind of ['read', 'delivery', 'reaction', 'postback', 'referral', 'optin'])
    if (kind in e) return `messaging ${kind}`;
  return 'messaging other';
}
