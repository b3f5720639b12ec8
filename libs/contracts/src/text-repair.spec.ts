import { parseWith } from './validation';
import { SocialMentionSchema } from './social-mention.schema';
import { isMalformedUtf8, repairMentionText, repairText } from './text-repair';

describe('repairText', () => {
  it.each([
    ['a high surrogate at the end (an emoji cut in half)', 'refund \ud83d', 'refund \ufffd'],
    ['a high surrogate in the middle', 'a\ud83db', 'a\ufffdb'],
    ['a low surrogate alone', 'x\ude00y', 'x\ufffdy'],
    ['two highs in a row', '\ud83d\ud83d\ude00', '\ufffd\ud83d\ude00'],
  ])('replaces %s with U+FFFD and says so', (_, input, expected) => {
    expect(repairText(input)).toEqual({ text: expected, repairs: ['lone-surrogate'] });
  });

  it('replaces NUL and says so', () => {
    expect(repairText('a\u0000b\u0000')).toEqual({ text: 'a\ufffdb\ufffd', repairs: ['nul'] });
  });

  it('leaves whole emoji, accents and plain text alone', () => {
    for (const text of ['ok 😀👍🏽', 'café', '', '\ufffd already replaced'])
      expect(repairText(text)).toEqual({ text, repairs: [] });
  });
});

describe('repairMentionText', () => {
  it('repairs every user-written field, lists the repairs, and the contract accepts the result', () => {
    const repaired = repairMentionText({
      platform: 'x',
      externalId: '1',
      authorId: '2',
      authorName: 'Lou\u0000',
      authorHandle: 'lou',
      text: 'still nothing \ud83d',
      createdAt: '2026-11-30T02:53:00.000Z',
    });
    expect(repaired.text).toBe('still nothing \ufffd');
    expect(repaired.authorName).toBe('Lou\ufffd');
    expect(repaired.repairs).toEqual(['text:lone-surrogate', 'authorName:nul']);
    const parsed = parseWith(SocialMentionSchema, repaired);
    expect(parsed.ok && parsed.value.repairs).toEqual(['text:lone-surrogate', 'authorName:nul']);
    // What the matcher stores as jsonb: JSON.stringify of a repaired string has no lone escape.
    expect(JSON.stringify(repaired)).not.toMatch(/\\ud83d"/i);
  });

  it('returns the same object when nothing needed repair', () => {
    const clean = { text: 'fine', authorName: null };
    expect(repairMentionText(clean)).toBe(clean);
  });
});

describe('isMalformedUtf8', () => {
  it('tells invalid byte sequences from valid UTF-8', () => {
    expect(isMalformedUtf8(Buffer.from('ok 😀', 'utf8'))).toBe(false);
    expect(isMalformedUtf8(Buffer.from([0x61, 0xff, 0x62]))).toBe(true);
    expect(isMalformedUtf8(Buffer.from([0xed, 0xa0, 0xbd]))).toBe(true); // CESU surrogate
  });
});
