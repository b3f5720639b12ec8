import { describeErrors, parseWith, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { brandHandleIn } from './brand-handle';
import { decodeHtmlEntities } from './html-entities';
import { parseTwitterDate } from './twitter-date';

/** The columns of the "Customer Support on Twitter" (twcs) dataset, in any order. */
export const TWCS_COLUMNS = [
  'tweet_id',
  'author_id',
  'inbound',
  'created_at',
  'text',
  'response_tweet_id',
  'in_response_to_tweet_id',
] as const;
type Column = (typeof TWCS_COLUMNS)[number];

export type TwcsRow =
  { kind: 'mention'; mention: SocialMention } | { kind: 'invalid'; reason: string };

/**
 * Turns twcs rows into mentions. Inbound rows are customers' posts; outbound rows are the brand's
 * replies and carry `direction: 'outbound'` so consumers can tell them apart. The row's reply link
 * becomes `inReplyToId`, which is what threads a conversation.
 */
export class TwcsRowNormalizer {
  private readonly index: Record<Column, number>;

  /** Throws when the header lacks a column, naming the ones missing. */
  constructor(
    header: string[],
    private readonly source = 'replay-twcs',
  ) {
    const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
    const missing = TWCS_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length > 0)
      throw new Error(`not a twcs CSV header: missing column(s) ${missing.join(', ')}`);
    this.index = Object.fromEntries(TWCS_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
      Column,
      number
    >;
  }

  normalize(fields: string[]): TwcsRow {
    const get = (c: Column) => (fields[this.index[c]] ?? '').trim();
    if (fields.length < TWCS_COLUMNS.length)
      return {
        kind: 'invalid',
        reason: `expected ${TWCS_COLUMNS.length} fields, got ${fields.length}`,
      };
    const inbound = get('inbound').toLowerCase();
    if (inbound !== 'true' && inbound !== 'false')
      return {
        kind: 'invalid',
        reason: `inbound: expected True or False, got "${get('inbound')}"`,
      };
    const createdAt = parseTwitterDate(get('created_at'));
    if (!createdAt)
      return { kind: 'invalid', reason: `created_at: not a Twitter date: "${get('created_at')}"` };
    const text = decodeHtmlEntities(fields[this.index.text] ?? '');
    const authorId = get('author_id');
    const outbound = inbound === 'false';
    const parsed = parseWith(SocialMentionSchema, {
      platform: 'x',
      direction: outbound ? 'outbound' : 'inbound',
      externalId: get('tweet_id'),
      authorId,
      authorHandle: authorId || null,
      text,
      createdAt,
      // The dataset holds at most one parent per tweet; several ids would be a malformed row.
      inReplyToId: get('in_response_to_tweet_id') || null,
      // A brand reply is addressed to the customer, so the target is the brand itself.
      targetAccount: outbound ? authorId || null : brandHandleIn(text),
      url: /^\d+$/.test(get('tweet_id'))
        ? `https://twitter.com/i/web/status/${get('tweet_id')}`
        : null,
      source: this.source,
    });
    if (!parsed.ok) return { kind: 'invalid', reason: describeErrors(parsed.errors) };
    return { kind: 'mention', mention: parsed.value };
  }
}
