import { META_PAGE_ID, messengerMessage, pageFeedComment } from '@scb/testing';
import {
  normalizeMetaWebhook,
  parseMetaBody,
  type MetaNormalized,
} from './meta-webhook.normalizer';

const normalized = (payload: unknown, brandIds?: Set<string>): MetaNormalized => {
  const result = normalizeMetaWebhook(payload, { brandIds });
  if ('error' in result) throw new Error(result.error);
  return result;
};
const change = (value: Record<string, unknown>) => ({
  object: 'page',
  entry: [{ id: META_PAGE_ID, time: 1796005946, changes: [{ field: 'feed', value }] }],
});
const comment = {
  item: 'comment',
  post_id: `${META_PAGE_ID}_1`,
  comment_id: '1_2',
  parent_id: `${META_PAGE_ID}_1`,
  from: { id: '6100000000000009', name: 'Kim' },
  message: 'text',
  created_time: 1796005936,
};

describe('parseMetaBody', () => {
  it('keeps integers above 2^53 digit for digit and other numbers as numbers', () => {
    const parsed = parseMetaBody(
      '{"a":12345678901234567,"b":9007199254740993,"c":42,"d":1.5,"e":-98765432109876543210}',
    );
    expect(parsed).toEqual({
      value: {
        a: '12345678901234567',
        b: '9007199254740993',
        c: 42,
        d: 1.5,
        e: '-98765432109876543210',
      },
    });
  });

  it('reports malformed and over-deep JSON instead of throwing', () => {
    expect(parseMetaBody('{"a":')).toHaveProperty('error');
    expect(parseMetaBody('['.repeat(300) + ']'.repeat(300))).toHaveProperty('error');
  });
});

describe('normalizeMetaWebhook: the life of a post (issue 13)', () => {
  it.each([
    ['edited', 'edited'],
    ['edit', 'edited'],
    ['remove', 'removed'],
    ['delete', 'removed'],
  ])('feed verb %s → lifecycle %s, on the original id', (verb, lifecycle) => {
    const [m] = normalized(change({ ...comment, verb })).mentions;
    expect(m).toMatchObject({ lifecycle, externalId: '1_2', authorId: '6100000000000009' });
  });

  it('ignores hide, reactions and likes with a reason', () => {
    const result = normalized({
      object: 'page',
      entry: [
        {
          id: META_PAGE_ID,
          changes: [
            { field: 'feed', value: { ...comment, verb: 'hide' } },
            { field: 'feed', value: { item: 'reaction', verb: 'add', reaction_type: 'like' } },
            { field: 'ratings', value: {} },
          ],
        },
      ],
    });
    expect(result.mentions).toEqual([]);
    expect(result.ignoredReasons).toEqual({
      'feed hide': 1,
      'feed reaction': 1,
      'field ratings': 1,
    });
  });

  it('reads Messenger message edits and unsends', () => {
    const edit = messengerMessage();
    const event = edit.entry[0].messaging[0] as Record<string, unknown>;
    const edited = normalized({
      ...edit,
      entry: [
        {
          ...edit.entry[0],
          messaging: [
            {
              ...event,
              message: undefined,
              message_edit: { mid: 'm_1', text: 'new', num_edit: 1 },
            },
            { ...event, message: { mid: 'm_2', is_deleted: true } },
          ],
        },
      ],
    }).mentions;
    expect(edited.map((m) => [m.externalId, m.lifecycle, m.text])).toEqual([
      ['m_1', 'edited', 'new'],
      ['m_2', 'removed', ''],
    ]);
  });
});

describe('normalizeMetaWebhook: one bad event never sinks the delivery (issue 14.10)', () => {
  it.each([['x'], [1e20], [-1], ['2026-13-45T99:00:00Z'], [Number.MAX_SAFE_INTEGER]])(
    'created_time %p: that event is refused with its reason, the others go on',
    (created_time) => {
      const good = pageFeedComment().entry[0].changes[0];
      const result = normalized({
        object: 'page',
        entry: [
          {
            id: META_PAGE_ID,
            time: 1796005946,
            changes: [{ field: 'feed', value: { ...comment, verb: 'add', created_time } }, good],
          },
        ],
      });
      expect(result.mentions.map((m) => m.externalId)).toEqual(['880011223344_990000111']);
      expect(result.invalid).toEqual([
        expect.objectContaining({
          code: 'bad-time',
          reason: expect.stringMatching(/created_time/),
        }),
      ]);
    },
  );

  it('refuses a bad messaging timestamp the same way', () => {
    const dm = messengerMessage();
    const event = dm.entry[0].messaging[0] as Record<string, unknown>;
    const result = normalized({
      ...dm,
      entry: [{ ...dm.entry[0], messaging: [{ ...event, timestamp: 1e20 }, event] }],
    });
    expect(result.mentions).toHaveLength(1);
    expect(result.invalid[0].code).toBe('bad-time');
  });
});

describe('normalizeMetaWebhook: brand accounts', () => {
  it('marks posts by a configured brand account as outbound, not only the entry page', () => {
    const other = '880000000000099';
    const [m] = normalized(
      change({ ...comment, verb: 'add', from: { id: other } }),
      new Set([other]),
    ).mentions;
    expect(m.direction).toBe('outbound');
  });

  it("keys a DM's echo by the customer, like the DM", () => {
    const dm = messengerMessage();
    const event = dm.entry[0].messaging[0] as {
      sender: { id: string };
      recipient: { id: string };
      message: Record<string, unknown>;
    };
    const echo = {
      ...event,
      sender: event.recipient,
      recipient: event.sender,
      message: { mid: 'm_echo', is_echo: true, text: 'hi' },
    };
    const result = normalized({ ...dm, entry: [{ ...dm.entry[0], messaging: [event, echo] }] });
    expect(result.mentions.map((m) => [m.direction, m.partyId])).toEqual([
      ['inbound', event.sender.id],
      ['outbound', event.sender.id],
    ]);
  });
});
