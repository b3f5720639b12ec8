import { parseWith, SocialMentionSchema } from '@scb/contracts';
import { xTweetToMention } from './x-tweet.normalizer';

describe('xTweetToMention', () => {
  const users = new Map([
    [
      '2244994945',
      {
        id: '2244994945',
        username: 'angry_customer',
        name: 'Angry Customer',
        verified: true,
        public_metrics: { followers_count: 1234 },
      },
    ],
  ]);
  const tweet = {
    id: '1460323737035677698',
    text: '@BrandCares still broken',
    author_id: '2244994945',
    created_at: '2026-11-25T06:00:00.000Z',
    conversation_id: '1460323737035677000',
    lang: 'en',
    referenced_tweets: [{ type: 'replied_to', id: '1460323737035677001' }],
  };

  it('keeps the author, thread and language the matcher needs', () => {
    const parsed = parseWith(
      SocialMentionSchema,
      xTweetToMention(tweet, users, 'x-mentions:1', 'BrandCares'),
    );
    expect(parsed.ok && parsed.value).toMatchObject({
      platform: 'x',
      externalId: '1460323737035677698',
      authorId: '2244994945',
      authorHandle: 'angry_customer',
      authorName: 'Angry Customer',
      lang: 'en',
      conversationId: '1460323737035677000',
      inReplyToId: '1460323737035677001',
      url: 'https://x.com/angry_customer/status/1460323737035677698',
      targetAccount: 'BrandCares',
      authorMetrics: { followers: 1234, verified: true },
    });
  });

  it('leaves a tweet without author or date to be refused by the contract', () => {
    const parsed = parseWith(
      SocialMentionSchema,
      xTweetToMention({ id: '1', text: 'x' }, users, 's', null),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path).sort()).toEqual(['authorId', 'createdAt']);
  });
});
