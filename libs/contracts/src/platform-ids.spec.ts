import { SocialMentionSchema } from './social-mention.schema';
import { parseWith } from './validation';

/** Ids an attacker would use to move a reply (and its token) to another host or Graph edge. */
export const HOSTILE_IDS = [
  'http://evil.example/x',
  '//evil.example/x',
  '../../me/feed?',
  '123/../../me/feed',
  '123?access_token=x',
  '123#frag',
  '123%2F..%2Fme',
  '123\\..\\me',
  '123 456',
  '123\u0000',
  '1e3',
  '-123',
  '１２３', // full-width digits
];

const base = {
  authorId: '105834',
  text: 'hello',
  createdAt: '2025-11-25T08:40:00Z',
};

const errorPaths = (input: Record<string, unknown>) => {
  const parsed = parseWith(SocialMentionSchema, { ...base, ...input });
  return parsed.ok ? [] : parsed.errors.map((e) => e.path);
};

describe('platform ids at the contract', () => {
  it('accepts the real shapes: X snowflakes, Meta object ids, Messenger threads', () => {
    expect(errorPaths({ platform: 'x', externalId: '1460323737035677698' })).toEqual([]);
    expect(
      errorPaths({
        platform: 'x',
        externalId: '119237',
        inReplyToId: '119236',
        conversationId: '119230',
        authorId: 'AppleSupport', // replayed archives name brands by handle
      }),
    ).toEqual([]);
    expect(
      errorPaths({
        platform: 'facebook',
        externalId: '880011223344_990000111',
        conversationId: '104512345678901_880011223344',
        inReplyToId: '104512345678901_880011223344',
        authorId: '6543210987654321',
      }),
    ).toEqual([]);
    expect(errorPaths({ platform: 'instagram', externalId: '17865799348089039' })).toEqual([]);
    expect(
      errorPaths({
        platform: 'facebook',
        externalId: 'm_AbCdEf0123456789-_x',
        conversationId: 'dm:104512345678901:7000000000000007',
        inReplyToId: 'm_mid.1457764197618:41d102a3e1ae206a38',
        authorId: '7000000000000007',
      }),
    ).toEqual([]);
    expect(errorPaths({ platform: 'other', externalId: 'https://forum.example/t/42#p7' })).toEqual(
      [],
    );
  });

  it.each(HOSTILE_IDS)('refuses %j as an X or Meta post id, in every id field', (id) => {
    for (const platform of ['x', 'facebook', 'instagram']) {
      expect(errorPaths({ platform, externalId: id })).toContain('externalId');
      expect(errorPaths({ platform, externalId: '1', inReplyToId: id })).toContain('inReplyToId');
      expect(errorPaths({ platform, externalId: '1', conversationId: id })).toContain(
        'conversationId',
      );
      // X author ids may be handles (replayed archives), but never URL syntax.
      if (platform !== 'x' || /[^\w.:@$=+-]/.test(id))
        expect(errorPaths({ platform, externalId: '1', authorId: id })).toContain('authorId');
    }
  });

  it('keeps private-thread message ids free of URL syntax too', () => {
    for (const id of ['m_1/../../me/feed', 'm_1?x=1', 'm_1#x', 'm_1%2F', 'm_1 2'])
      expect(
        errorPaths({
          platform: 'facebook',
          externalId: id,
          conversationId: 'dm:104512345678901:7000000000000007',
          authorId: '7000000000000007',
        }),
      ).toEqual(['externalId']);
    expect(
      errorPaths({
        platform: 'facebook',
        externalId: 'm_1',
        conversationId: 'dm:1:2/../x',
        authorId: '2',
      }),
    ).toEqual(['conversationId']);
  });

  it("keeps 'other' ids free-form but free of control and invisible characters", () => {
    for (const id of ['a\u0000b', 'a\u202eb', 'a\u200bb', 'a\nb', 'a\u2028b'])
      expect(errorPaths({ platform: 'other', externalId: id })).toEqual(['externalId']);
  });

  it('reports a wrongly typed id once, from its own field check', () => {
    expect(errorPaths({ platform: 'x', externalId: 42 })).toEqual(['externalId']);
    expect(errorPaths({ platform: 'facebook', externalId: '1', conversationId: 7 })).toEqual([
      'conversationId',
    ]);
  });
});
