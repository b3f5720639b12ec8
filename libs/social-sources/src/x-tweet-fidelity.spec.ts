import { parseWith, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { xTweetToMention, type XTweet } from './x-tweet.normalizer';

const BRAND = '900000000000000001';
const users = new Map([
  ['771', { id: '771', username: 'dana', name: 'Dana' }],
  [BRAND, { id: BRAND, username: 'AcmeCare', name: 'Acme Care' }],
]);
const base: XTweet = {
  id: '1900000000000002001',
  text: '@AcmeCare hello',
  author_id: '771',
  created_at: '2026-11-30T02:30:00.000Z',
  conversation_id: '1900000000000002001',
};
const mention = (tweet: Partial<XTweet>, brandIds = new Set([BRAND])): SocialMention => {
  const parsed = parseWith(
    SocialMentionSchema,
    xTweetToMention({ ...base, ...tweet }, users, 'x-mentions:1', 'AcmeCare', brandIds),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
};

describe('xTweetToMention: platform fidelity (issue 13)', () => {
  it('uses the whole text of a long post (note_tweet), not the cut text', () => {
    const long = `@AcmeCare ${'very '.repeat(80)}long, case CS-000307`;
    const m = mention({ text: `${long.slice(0, 270)}…`, note_tweet: { text: long } });
    expect(m.text).toBe(long);
    expect(m.text.endsWith('CS-000307')).toBe(true);
  });

  it('shows every shortened link expanded, in the post and the note, and keeps the pairs', () => {
    const m = mention({
      text: 'order at https://t.co/abc and https://t.co/abcd',
      entities: {
        urls: [
          { url: 'https://t.co/abc', expanded_url: 'https://acme.example/orders/55123' },
          { url: 'https://t.co/abcd', expanded_url: 'https://acme.example/help?case=CS-000001' },
        ],
      },
    });
    expect(m.text).toBe(
      'order at https://acme.example/orders/55123 and https://acme.example/help?case=CS-000001',
    );
    expect(m.links).toHaveLength(2);
  });

  it('turns an edit into the original post with a new revision', () => {
    const m = mention({
      id: '1900000000000002003',
      text: 'fixed typo',
      edit_history_tweet_ids: ['1900000000000002001', '1900000000000002002', '1900000000000002003'],
    });
    expect(m).toMatchObject({
      lifecycle: 'edited',
      externalId: '1900000000000002001',
      revisionId: '1900000000000002003',
      text: 'fixed typo',
    });
    expect(m.url).toContain('1900000000000002003');
  });

  it('keeps an unedited post (history of itself) as created', () => {
    const m = mention({ edit_history_tweet_ids: [base.id] });
    expect(m).toMatchObject({ lifecycle: 'created', externalId: base.id, revisionId: null });
  });

  it('marks retweets as reposts and leaves quote posts and replies as customer posts', () => {
    expect(mention({ referenced_tweets: [{ type: 'retweeted', id: '42' }] }).repostOf).toBe('42');
    expect(mention({ referenced_tweets: [{ type: 'quoted', id: '42' }] }).repostOf).toBeNull();
    expect(mention({ referenced_tweets: [{ type: 'replied_to', id: '42' }] }).repostOf).toBeNull();
  });

  it("makes the brand's own posts outbound, with the customer it answers as the party", () => {
    const reply = mention({
      author_id: BRAND,
      in_reply_to_user_id: '771',
      referenced_tweets: [{ type: 'replied_to', id: base.id }],
    });
    expect(reply).toMatchObject({ direction: 'outbound', partyId: '771' });
    const announcement = mention({ author_id: BRAND });
    expect(announcement).toMatchObject({ direction: 'outbound', partyId: null });
    // Another brand account from configuration, not the one polled.
    expect(mention({ author_id: '771' }, new Set(['771'])).direction).toBe('outbound');
    expect(mention({ author_id: '771' }).direction).toBe('inbound');
  });

  it.each([
    ['a lone high surrogate', 'refund \ud83d', 'text:lone-surrogate'],
    ['a lone low surrogate', '\ude00 hi', 'text:lone-surrogate'],
    ['NUL', 'a\u0000b', 'text:nul'],
  ])('repairs %s and records it', (_, text, repair) => {
    const m = mention({ text });
    expect(m.text).toContain('\ufffd');
    expect(m.repairs).toContain(repair);
    expect(JSON.stringify(m)).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
  });
});
