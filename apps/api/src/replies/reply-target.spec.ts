import { metaReplyTarget } from './reply-target';

const post = { interactionId: 'i', authorId: 'psid-1', conversationId: null };

describe('metaReplyTarget', () => {
  it('answers a private message in the thread, to its sender', () => {
    expect(
      metaReplyTarget({
        ...post,
        platform: 'facebook',
        externalId: 'm_1',
        conversationId: 'dm:page:psid-1',
      }),
    ).toEqual({ kind: 'message', recipientId: 'psid-1' });
    expect(
      metaReplyTarget({
        ...post,
        platform: 'instagram',
        externalId: 'm_2',
        conversationId: 'dm:ig:psid-1',
      }),
    ).toEqual({ kind: 'message', recipientId: 'psid-1' });
  });

  it('replies to an Instagram comment and comments on a Facebook comment or post', () => {
    expect(metaReplyTarget({ ...post, platform: 'instagram', externalId: '1789' })).toEqual({
      kind: 'instagram-comment',
      commentId: '1789',
    });
    expect(metaReplyTarget({ ...post, platform: 'facebook', externalId: '123_456' })).toEqual({
      kind: 'facebook-comment',
      objectId: '123_456',
    });
  });

  it('has no Meta target for other platforms', () => {
    expect(metaReplyTarget({ ...post, platform: 'x', externalId: '1' })).toBeNull();
  });
});
