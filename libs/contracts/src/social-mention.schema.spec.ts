import { mentionKey, SocialMentionSchema } from './social-mention.schema';
import { parseJsonWith, parseWith } from './validation';

const minimal = {
  platform: 'x',
  externalId: '119237',
  authorId: '105834',
  text: '@AppleSupport the keyboard covers the notification 😡',
  createdAt: '2017-10-11T06:55:44.000Z',
};

describe('SocialMentionSchema', () => {
  it('accepts a minimal mention and fills the optional fields', () => {
    const parsed = parseWith(SocialMentionSchema, minimal);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({
      schemaVersion: 1,
      direction: 'inbound',
      inReplyToId: null,
      authorMetrics: { followers: null, verified: null },
      source: 'unknown',
    });
  });

  it("carries the brand's own replies as outbound and refuses other directions", () => {
    const reply = parseWith(SocialMentionSchema, { ...minimal, direction: 'outbound' });
    expect(reply.ok && reply.value.direction).toBe('outbound');
    expect(parseWith(SocialMentionSchema, { ...minimal, direction: 'sideways' }).ok).toBe(false);
  });

  it('reports each bad field with its path', () => {
    const parsed = parseWith(SocialMentionSchema, {
      ...minimal,
      platform: 'myspace',
      createdAt: 'yesterday',
      authorMetrics: { followers: -3 },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path).sort()).toEqual([
      'authorMetrics.followers',
      'createdAt',
      'platform',
    ]);
  });

  it('rejects blank ids and a missing text', () => {
    const { text: _omitted, ...withoutText } = minimal;
    const parsed = parseWith(SocialMentionSchema, { ...withoutText, externalId: '  ' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path).sort()).toEqual(['externalId', 'text']);
  });

  it('turns malformed JSON into an error instead of throwing', () => {
    const parsed = parseJsonWith(SocialMentionSchema, Buffer.from('{"platform":'));
    expect(parsed).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          path: '(root)',
          message: expect.stringMatching(/malformed JSON/),
        }),
      ],
    });
  });

  it('keys a mention by platform and author so one author keeps their order', () => {
    expect(mentionKey({ platform: 'x', authorId: '42' })).toBe('x:42');
  });
});
