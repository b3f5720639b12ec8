import { instagramComment, instagramMentions, META_IG_ACCOUNT_ID } from '@scb/testing';
import { mentionFields, mentionFromGraph, splitInstagramMentions } from './instagram-mention';

describe('Instagram mentions', () => {
  it('takes the mentions events out of a delivery and leaves everything else to the normalizer', () => {
    const delivery = instagramMentions([
      { media_id: '18000000000000077', comment_id: '17900000000000001' },
      { media_id: '18000000000000088' },
    ]);
    const comment = instagramComment();
    const { rest, refs } = splitInstagramMentions([delivery, comment]);
    expect(refs).toEqual([
      {
        igUserId: META_IG_ACCOUNT_ID,
        mediaId: '18000000000000077',
        commentId: '17900000000000001',
      },
      { igUserId: META_IG_ACCOUNT_ID, mediaId: '18000000000000088', commentId: null },
    ]);
    expect(rest).toEqual([
      { ...delivery, entry: [{ ...delivery.entry[0], changes: [] }] },
      comment,
    ]);
    expect(delivery.entry[0].changes).toHaveLength(2); // not mutated
    // An unreadable mentions value stays for the normalizer to account for.
    const broken = instagramMentions([{} as { media_id: string }]);
    expect(splitInstagramMentions(broken)).toEqual({ rest: broken, refs: [] });
  });

  it("asks Meta's documented fields for a comment and for a caption", () => {
    expect(mentionFields({ igUserId: '1', mediaId: '2', commentId: '3' })).toBe(
      'mentioned_comment.comment_id(3){id,text,timestamp,from{id,username},media{id}}',
    );
    expect(mentionFields({ igUserId: '1', mediaId: '2', commentId: null })).toBe(
      'mentioned_media.media_id(2){id,caption,timestamp,username,owner{id}}',
    );
  });

  it('refuses, with the reason, a caption mention whose author Meta names by username only', () => {
    const ref = { igUserId: META_IG_ACCOUNT_ID, mediaId: '18000000000000088', commentId: null };
    expect(
      mentionFromGraph(ref, {
        mentioned_media: {
          id: '18000000000000088',
          caption: 'hi @acmecare',
          timestamp: '2026-11-30T07:05:00+0000',
          username: 'lena.customer',
        },
      }),
    ).toEqual({
      reason:
        'mentioned media 18000000000000088: Meta names its author by username only (lena.customer), no author id',
    });
    expect(mentionFromGraph(ref, { nothing: true })).toMatchObject({
      reason: expect.stringMatching(/^mentioned media: /),
    });
  });
});
