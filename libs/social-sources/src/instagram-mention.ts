import { SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { z } from 'zod';

/**
 * An Instagram `mentions` webhook event: the business account `igUserId` was @mentioned in the
 * comment `commentId` on media `mediaId`, or (no comment) in the caption of `mediaId`. The event
 * carries no text: the comment or media is fetched through the Graph API.
 */
export interface InstagramMentionRef {
  igUserId: string;
  mediaId: string;
  commentId: string | null;
}

const MentionValue = z.object({
  media_id: z.union([z.string(), z.number()]).transform(String),
  comment_id: z.union([z.string(), z.number()]).transform(String).optional(),
});

/**
 * Takes the Instagram `mentions` changes out of a (parsed) Meta delivery: returns the delivery
 * without them, for the normalizer, and their references, to fetch. An unreadable `mentions`
 * value is left in place (the normalizer accounts for it). Never mutates `payload`.
 */
export function splitInstagramMentions(payload: unknown): {
  rest: unknown;
  refs: InstagramMentionRef[];
} {
  const refs: InstagramMentionRef[] = [];
  const envelope = (raw: unknown): unknown => {
    const e = raw as { object?: unknown; entry?: unknown } | null;
    if (!e || e.object !== 'instagram' || !Array.isArray(e.entry)) return raw;
    const entry = e.entry.map((item: unknown) => {
      const en = item as { id?: unknown; changes?: unknown } | null;
      if (!en || !Array.isArray(en.changes)) return item;
      const changes = en.changes.filter((c: unknown) => {
        const change = c as { field?: unknown; value?: unknown } | null;
        if (change?.field !== 'mentions') return true;
        const value = MentionValue.safeParse(change.value);
        const igUserId =
          typeof en.id === 'string' || typeof en.id === 'number' ? String(en.id) : null;
        if (!value.success || igUserId === null) return true;
        refs.push({
          igUserId,
          mediaId: value.data.media_id,
          commentId: value.data.comment_id ?? null,
        });
        return false;
      });
      return { ...en, changes };
    });
    return { ...e, entry };
  };
  const rest = Array.isArray(payload) ? payload.map(envelope) : envelope(payload);
  return { rest, refs };
}

/**
 * The Graph API `fields` parameter that reads the mention (Instagram Graph API, IG User
 * `mentioned_comment` / `mentioned_media`, with IG Comment / IG Media fields expanded).
 */
export function mentionFields(ref: InstagramMentionRef): string {
  return ref.commentId
    ? `mentioned_comment.comment_id(${ref.commentId}){id,text,timestamp,from{id,username},media{id}}`
    : `mentioned_media.media_id(${ref.mediaId}){id,caption,timestamp,username,owner{id}}`;
}

const GraphId = z.union([z.string(), z.number()]).transform(String);
const MentionedComment = z.object({
  mentioned_comment: z.object({
    id: GraphId,
    text: z.string().optional(),
    timestamp: z.string(),
    from: z.object({ id: GraphId, username: z.string().optional() }),
    media: z.object({ id: GraphId }).optional(),
  }),
});
const MentionedMedia = z.object({
  mentioned_media: z.object({
    id: GraphId,
    caption: z.string().optional(),
    timestamp: z.string(),
    username: z.string().optional(),
    owner: z.object({ id: GraphId }).optional(),
  }),
});

/**
 * The customer mention the Graph API answer describes, or why it cannot be one. A caption
 * mention on someone else's media names its author by username only (Meta returns `owner` only
 * for the account's own media): without an author id it is refused with that reason.
 */
export function mentionFromGraph(
  ref: InstagramMentionRef,
  answer: unknown,
): { mention: SocialMention } | { reason: string } {
  const base = { platform: 'instagram', targetAccount: ref.igUserId, source: 'meta-webhook' };
  let input: Record<string, unknown>;
  if (ref.commentId) {
    const parsed = MentionedComment.safeParse(answer);
    if (!parsed.success) return { reason: `mentioned comment: ${parsed.error.issues[0]?.message}` };
    const c = parsed.data.mentioned_comment;
    input = {
      ...base,
      externalId: c.id,
      authorId: c.from.id,
      authorHandle: c.from.username ?? null,
      text: c.text ?? '',
      createdAt: isoTime(c.timestamp),
      conversationId: c.media?.id ?? ref.mediaId,
      inReplyToId: c.media?.id ?? ref.mediaId,
      raw: answer,
    };
  } else {
    const parsed = MentionedMedia.safeParse(answer);
    if (!parsed.success) return { reason: `mentioned media: ${parsed.error.issues[0]?.message}` };
    const m = parsed.data.mentioned_media;
    if (!m.owner)
      return {
        reason: `mentioned media ${m.id}: Meta names its author by username only (${m.username ?? 'unknown'}), no author id`,
      };
    input = {
      ...base,
      externalId: m.id,
      authorId: m.owner.id,
      authorHandle: m.username ?? null,
      text: m.caption ?? '',
      createdAt: isoTime(m.timestamp),
      conversationId: m.id,
      raw: answer,
    };
  }
  const mention = SocialMentionSchema.safeParse(input);
  return mention.success
    ? { mention: mention.data }
    : {
        reason: `instagram mention: ${mention.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
}

/** Graph times (`2026-11-30T08:00:00+0000`) as ISO; an unreadable one stays as given (refused). */
function isoTime(graphTime: string): string {
  const ms = Date.parse(graphTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? graphTime : new Date(ms).toISOString();
}
