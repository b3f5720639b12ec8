import {
  instagramComment,
  instagramMessage,
  messengerMessage,
  META_IG_ACCOUNT_ID,
  META_PAGE_ID,
  pageFeedComment,
  pageVisitorPost,
} from '@scb/testing';
import { normalizeMetaWebhook, type MetaNormalized } from './meta-webhook.normalizer';

const normalized = (payload: unknown): MetaNormalized => {
  const result = normalizeMetaWebhook(payload);
  if ('error' in result) throw new Error(result.error);
  return result;
};

describe('normalizeMetaWebhook', () => {
  it('turns a page feed comment into a facebook mention on its post thread', () => {
    const { mentions, ignored, invalid } = normalized(pageFeedComment());
    expect({ ignored, invalid }).toEqual({ ignored: 0, invalid: [] });
    expect(mentions).toEqual([
      expect.objectContaining({
        platform: 'facebook',
        direction: 'inbound',
        externalId: '880011223344_990000111',
        authorId: '6543210987654321',
        authorName: 'Dana Customer',
        text: 'My router still drops every evening, order 55123',
        createdAt: '2025-11-25T08:40:00.000Z',
        conversationId: `${META_PAGE_ID}_880011223344`,
        inReplyToId: `${META_PAGE_ID}_880011223344`,
        targetAccount: META_PAGE_ID,
        source: 'meta-webhook',
      }),
    ]);
  });

  it("marks the page's own comment as outbound", () => {
    const [reply] = normalized(
      pageFeedComment({ from: { id: META_PAGE_ID, name: 'Brand' } }),
    ).mentions;
    expect(reply.direction).toBe('outbound');
  });

  it('takes visitor posts and ignores reactions', () => {
    const { mentions, ignored } = normalized(pageVisitorPost());
    expect(ignored).toBe(1);
    expect(mentions).toEqual([
      expect.objectContaining({
        externalId: `${META_PAGE_ID}_770000000001`,
        conversationId: `${META_PAGE_ID}_770000000001`,
        inReplyToId: null,
        createdAt: '2025-11-25T08:41:40.000Z',
      }),
    ]);
  });

  it('keeps Messenger messages on one private thread per customer, ignoring read receipts', () => {
    const { mentions, ignored } = normalized(messengerMessage());
    expect(ignored).toBe(1);
    expect(mentions).toEqual([
      expect.objectContaining({
        platform: 'facebook',
        externalId: 'm_AbCdEf0123456789',
        authorId: '7000000000000007',
        text: 'Hi, my case CS-000123 is still open',
        createdAt: '2025-11-25T08:43:20.000Z',
        conversationId: `dm:${META_PAGE_ID}:7000000000000007`,
      }),
    ]);
  });

  it('turns Instagram comments into mentions threaded on their media and parent comment', () => {
    expect(normalized(instagramComment()).mentions).toEqual([
      expect.objectContaining({
        platform: 'instagram',
        externalId: '17865799348089039',
        authorId: '232323232',
        authorHandle: 'unhappy.customer',
        conversationId: '18000000000000001',
        inReplyToId: '17865799348000000',
        targetAccount: META_IG_ACCOUNT_ID,
      }),
    ]);
  });

  it('threads an Instagram message and its echo on the same conversation', () => {
    const [question] = normalized(instagramMessage()).mentions;
    const [echo] = normalized(instagramMessage(true)).mentions;
    expect(question).toMatchObject({ platform: 'instagram', direction: 'inbound' });
    expect(echo).toMatchObject({ direction: 'outbound', authorId: META_IG_ACCOUNT_ID });
    expect(echo.conversationId).toBe(question.conversationId);
  });

  it('reports a broken event with its reason and keeps the others', () => {
    const broken = pageFeedComment({ from: undefined });
    const payload = {
      ...broken,
      entry: [
        {
          ...broken.entry[0],
          changes: [...broken.entry[0].changes, ...pageVisitorPost().entry[0].changes],
        },
      ],
    };
    const result = normalized(payload);
    expect(result.mentions.map((m) => m.externalId)).toEqual([`${META_PAGE_ID}_770000000001`]);
    expect(result.ignored).toBe(1);
    expect(result.invalid).toEqual([
      {
        reason: expect.stringMatching(/^feed comment: from: /),
        raw: payload.entry[0].changes[0],
        code: 'contract',
      },
    ]);
  });

  it('refuses a body that is not a Meta delivery', () => {
    expect(normalizeMetaWebhook({ object: 'whatsapp_business_account', entry: [] })).toEqual({
      error: expect.stringMatching(/object/),
    });
    expect(normalizeMetaWebhook({ hello: 'world' })).toHaveProperty('error');
  });
});
