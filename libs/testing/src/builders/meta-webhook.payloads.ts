/**
 * Meta Webhooks deliveries in the documented shapes (Webhooks for Pages `feed`, Messenger
 * `messaging`, Instagram `comments` and messaging), with made-up ids.
 */
export const META_PAGE_ID = '104512345678901';
export const META_IG_ACCOUNT_ID = '17841400000000001';

export const pageFeedComment = (overrides: Record<string, unknown> = {}) => ({
  object: 'page',
  entry: [
    {
      id: META_PAGE_ID,
      time: 1764060000,
      changes: [
        {
          field: 'feed',
          value: {
            from: { id: '6543210987654321', name: 'Dana Customer' },
            post: {
              status_type: 'added_photos',
              is_published: true,
              updated_time: '2025-11-25T08:40:00+0000',
              permalink_url: 'https://www.facebook.com/104512345678901/posts/pfbid0abc',
              promotion_status: 'inactive',
              id: `${META_PAGE_ID}_880011223344`,
            },
            message: 'My router still drops every evening, order 55123',
            post_id: `${META_PAGE_ID}_880011223344`,
            comment_id: '880011223344_990000111',
            created_time: 1764060000,
            item: 'comment',
            parent_id: `${META_PAGE_ID}_880011223344`,
            verb: 'add',
            ...overrides,
          },
        },
      ],
    },
  ],
});

export const pageVisitorPost = () => ({
  object: 'page',
  entry: [
    {
      id: META_PAGE_ID,
      time: 1764060100,
      changes: [
        {
          field: 'feed',
          value: {
            from: { id: '1111222233334444', name: 'Lee Visitor' },
            message: 'Nobody answers the phone. Please call me back.',
            post_id: `${META_PAGE_ID}_770000000001`,
            created_time: 1764060100,
            item: 'status',
            published: 1,
            verb: 'add',
          },
        },
        {
          field: 'feed',
          value: {
            from: { id: '1111222233334444', name: 'Lee Visitor' },
            post_id: `${META_PAGE_ID}_770000000001`,
            created_time: 1764060101,
            item: 'reaction',
            reaction_type: 'angry',
            verb: 'add',
          },
        },
      ],
    },
  ],
});

export const messengerMessage = (mid = 'm_AbCdEf0123456789') => ({
  object: 'page',
  entry: [
    {
      id: META_PAGE_ID,
      time: 1764060200123,
      messaging: [
        {
          sender: { id: '7000000000000007' },
          recipient: { id: META_PAGE_ID },
          timestamp: 1764060200000,
          message: { mid, text: 'Hi, my case CS-000123 is still open' },
        },
        {
          sender: { id: '7000000000000007' },
          recipient: { id: META_PAGE_ID },
          timestamp: 1764060201000,
          read: { watermark: 1764060200000 },
        },
      ],
    },
  ],
});

export const instagramComment = () => ({
  object: 'instagram',
  entry: [
    {
      id: META_IG_ACCOUNT_ID,
      time: 1764060300,
      changes: [
        {
          field: 'comments',
          value: {
            from: { id: '232323232', username: 'unhappy.customer' },
            media: { id: '18000000000000001', media_product_type: 'FEED' },
            id: '17865799348089039',
            parent_id: '17865799348000000',
            text: 'Still waiting for my refund @brand',
          },
        },
      ],
    },
  ],
});

export const instagramMessage = (isEcho = false) => ({
  object: 'instagram',
  entry: [
    {
      id: META_IG_ACCOUNT_ID,
      time: 1764060400,
      messaging: [
        {
          sender: { id: isEcho ? META_IG_ACCOUNT_ID : '5550000000000005' },
          recipient: { id: isEcho ? '5550000000000005' : META_IG_ACCOUNT_ID },
          timestamp: 1764060400000,
          message: {
            mid: isEcho ? 'aWdfZAG1faXRlbToxOkVDSE8' : 'aWdfZAG1faXRlbToxOklHTWVzc2FnZ',
            text: isEcho ? 'We are on it!' : 'Can someone help with my order?',
            ...(isEcho ? { is_echo: true } : {}),
          },
        },
      ],
    },
  ],
});

/**
 * Instagram `mentions` deliveries: the business account was @mentioned in a comment
 * (`comment_id` and `media_id`) or in a media caption (`media_id` only). No text: the product
 * fetches it through the Graph API.
 */
export const instagramMentions = (
  events: Array<{ media_id: string; comment_id?: string }>,
  igUserId = META_IG_ACCOUNT_ID,
) => ({
  object: 'instagram',
  entry: [
    {
      id: igUserId,
      time: 1764060600,
      changes: events.map((value) => ({ field: 'mentions', value })),
    },
  ],
});
