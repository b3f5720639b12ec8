import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from '@scb/core';
import type { BeginReply, ReplyAuthority, ReplyRecord, ReplyTargetFacts } from '@scb/persistence';
import { UnsafePlatformIdError } from '../../unsafe-platform-id.error';
import { SendReply } from './send-reply.usecase';

const CASE = 'c-1';
const AGENT = 'a-1';

const pending = (platform: string, text = 'Sorry about that, fixed now.'): ReplyRecord => ({
  id: 'r-1',
  caseId: CASE,
  agentId: AGENT,
  platform,
  text,
  status: 'pending',
  externalId: null,
  error: null,
  inReplyTo: {
    interactionId: 'i-1',
    platform,
    externalId: '1234',
    authorId: '99',
    conversationId: null,
  },
});

class InMemoryReplies {
  authorityOf: ReplyAuthority = { caseExists: true, agentExists: true, holderAgentId: AGENT };
  begun: BeginReply = { kind: 'new', reply: pending('x') };
  failed: Array<[string, string]> = [];
  sent: Array<[string, string]> = [];
  facts: ReplyTargetFacts | null = null;
  begunWith: Array<{ inReplyToInteractionId?: string | null }> = [];

  async authority(): Promise<ReplyAuthority> {
    return this.authorityOf;
  }
  async begin(request: { inReplyToInteractionId?: string | null }): Promise<BeginReply> {
    this.begunWith.push(request);
    return this.begun;
  }
  async targetFacts(): Promise<ReplyTargetFacts | null> {
    return this.facts;
  }
  async markFailed(id: string, error: string): Promise<void> {
    this.failed.push([id, error]);
  }
  async markSent(reply: ReplyRecord, externalId: string) {
    this.sent.push([reply.id, externalId]);
    return { firstResponseOf: 'w-1' };
  }
}

function setUp(x: { reply(text: string, inReplyTo: string): Promise<string> } | null) {
  const replies = new InMemoryReplies();
  const stopped: Array<[string, string[]]> = [];
  const sla = {
    stop: async (id: string, kinds: Array<'firstResponse' | 'resolution'>) =>
      void stopped.push([id, kinds]),
  };
  const sendReply = new SendReply(replies, { x, meta: null }, sla);
  return { replies, stopped, sendReply };
}

const command = {
  requestId: 'q-1',
  caseId: CASE,
  agentId: AGENT,
  text: 'Sorry',
  actorRole: 'agent' as const,
};

describe('SendReply', () => {
  it('posts on X, marks the reply sent and stops the first-response SLA clock', async () => {
    const { replies, stopped, sendReply } = setUp({ reply: async () => '777' });
    const reply = await sendReply.execute(command);
    expect(reply).toMatchObject({ status: 'sent', externalId: '777', error: null });
    expect(replies.sent).toEqual([['r-1', '777']]);
    expect(stopped).toEqual([['w-1', ['firstResponse']]]);
  });

  it('returns an already sent reply without posting again', async () => {
    const posts: string[] = [];
    const { replies, sendReply } = setUp({ reply: async (text) => (posts.push(text), '777') });
    replies.begun = { kind: 'sent', reply: { ...pending('x'), status: 'sent', externalId: '555' } };
    expect(await sendReply.execute(command)).toMatchObject({ externalId: '555' });
    expect(posts).toEqual([]);
  });

  it('lets an agent reply only on a case they hold; supervisors on any', async () => {
    const { replies, sendReply } = setUp({ reply: async () => '777' });
    replies.authorityOf = { caseExists: true, agentExists: true, holderAgentId: 'a-2' };
    const refused = sendReply.execute(command);
    await expect(refused).rejects.toThrow(ForbiddenError);
    await expect(refused).rejects.toMatchObject({ reason: 'not_case_holder' });
    await expect(sendReply.execute({ ...command, actorRole: 'supervisor' })).resolves.toMatchObject(
      { status: 'sent' },
    );
  });

  it('names the missing case, agent or post', async () => {
    const { replies, sendReply } = setUp({ reply: async () => '777' });
    replies.authorityOf = { caseExists: false, agentExists: true, holderAgentId: null };
    await expect(sendReply.execute(command)).rejects.toThrow(NotFoundError);
    replies.authorityOf = { caseExists: true, agentExists: false, holderAgentId: null };
    await expect(sendReply.execute(command)).rejects.toMatchObject({
      errors: [{ path: 'agentId' }],
    });
    replies.authorityOf = { caseExists: true, agentExists: true, holderAgentId: AGENT };
    replies.begun = { kind: 'no-target' };
    await expect(sendReply.execute(command)).rejects.toThrow(NotFoundError);
  });

  it('refuses X replies over 280 characters and unconfigured platforms', async () => {
    const long = setUp({ reply: async () => '777' });
    long.replies.begun = { kind: 'new', reply: pending('x', 'x'.repeat(281)) };
    await expect(long.sendReply.execute(command)).rejects.toThrow(ValidationError);
    const unconfigured = setUp(null);
    await expect(unconfigured.sendReply.execute(command)).rejects.toThrow(ConflictError);
    unconfigured.replies.begun = { kind: 'new', reply: pending('facebook') };
    await expect(unconfigured.sendReply.execute(command)).rejects.toThrow(/META_PAGE_ACCESS_TOKEN/);
  });

  it('marks the reply failed when the platform refuses (502) or the post id is unsafe (409)', async () => {
    const refusing = setUp({ reply: () => Promise.reject(new Error('403 duplicate content')) });
    await expect(refusing.sendReply.execute(command)).rejects.toThrow(UpstreamError);
    expect(refusing.replies.failed).toEqual([['r-1', '403 duplicate content']]);
    const unsafe = setUp({
      reply: () => Promise.reject(new UnsafePlatformIdError('not an X post id')),
    });
    await expect(unsafe.sendReply.execute(command)).rejects.toThrow(ConflictError);
    expect(unsafe.replies.failed).toEqual([['r-1', 'not an X post id']]);
    expect(unsafe.replies.sent).toEqual([]);
  });

  it("answers the customer's post the agent chose; another author's, a foreign or a deleted post is refused with its reason", async () => {
    const { replies, sendReply } = setUp({ reply: async () => '777' });
    await sendReply.execute({ ...command, inReplyToInteractionId: 'i-1' });
    expect(replies.begunWith[0]).toMatchObject({ inReplyToInteractionId: 'i-1' });

    replies.begun = { kind: 'no-target' };
    const facts = { onCase: true, inboundSocial: true, byCaseCustomer: true, removed: false };
    for (const [changed, reason] of [
      [{ byCaseCustomer: false }, 'reply_target_other_author'],
      [{ onCase: false }, 'reply_target_not_on_case'],
      [{ removed: true }, 'reply_target_removed'],
      [{ inboundSocial: false }, 'reply_target_not_customer_post'],
    ] as const) {
      replies.facts = { ...facts, ...changed };
      const refused = sendReply.execute({ ...command, inReplyToInteractionId: 'i-9' });
      await expect(refused).rejects.toThrow(ConflictError);
      await expect(refused).rejects.toMatchObject({ reason });
    }
    replies.facts = null;
    await expect(
      sendReply.execute({ ...command, inReplyToInteractionId: 'i-0' }),
    ).rejects.toMatchObject({ reason: 'reply_target_not_on_case' });
    // Without a choice, a case with no standing post of its customer has nothing to answer.
    await expect(sendReply.execute(command)).rejects.toThrow(NotFoundError);
    expect(replies.sent).toEqual([['r-1', '777']]);
  });
});
