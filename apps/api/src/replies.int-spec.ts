import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SlaClock } from '@scb/work-queues';
import {
  appUrl,
  authedClient,
  FakeMetaGraphServer,
  FakeXServer,
  WebhookReceiverServer,
  isolatedEnv,
  seedApiKey,
  seedCase,
  seedSession,
  type ApiCall,
  createTestApp,
} from '@scb/testing';
import { SlaTimerQueue } from '@scb/work-queues';
import { BrandAccountLearner } from './replies/brand-account.learner';

interface Reply {
  id: string;
  status: string;
  externalId: string | null;
}

describe('replies to the customer on X (real Postgres/Redis, X stood in for by its v2 wire format)', () => {
  const env = isolatedEnv('replies');
  const x = new FakeXServer('app-bearer-token', { userToken: 'brand-user-token' });
  const graph = new FakeMetaGraphServer('page-token');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  // Where a hostile id would send the reply (and the page token) if the URL were built from it.
  const elsewhere = new WebhookReceiverServer();
  let elsewhereUrl: string;
  let agentId: string;
  // Replies are sent the way the console sends them: signed in as a user linked to the agent.
  let asAgent: ApiCall;
  const post = <T>(path: string, body: unknown) => asAgent<T>('POST', path, body);

  /**
   * A case holding the customer's post, with a work item whose SLA runs, handed to the replying
   * agent (only the agent holding a case may reply on it).
   */
  async function caseWithTweet(
    tweetId: string,
    platform = 'x',
    post: { authorId?: string; conversationId?: string } = {},
  ) {
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await dataSource.query(
      `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
       VALUES ($1, $2, 'social', 'inbound', $4, $3, $5, '@brand my order is late', now(), '{}', $6)`,
      [
        c.caseId,
        c.customerId,
        tweetId,
        platform,
        post.authorId ?? 'customer-1',
        JSON.stringify({ conversationId: post.conversationId ?? null }),
      ],
    );
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at, status, agent_id, assigned_at, accepted_at)
       VALUES ($1, 'default', 'social', 3, 'test', now(), 'assigned', $2, now(), now()) RETURNING id`,
      [c.caseId, agentId],
    );
    await app.get(SlaClock).start([id]);
    return { ...c, workItemId: id };
  }

  beforeAll(async () => {
    elsewhereUrl = await elsewhere.start();
    const xUrl = await x.start();
    const graphUrl = await graph.start();
    const testApp = await createTestApp('api', {
      ...env,
      X_API_BASE_URL: xUrl,
      X_USER_ACCESS_TOKEN: 'brand-user-token',
      META_GRAPH_URL: graphUrl,
      META_PAGE_ACCESS_TOKEN: 'page-token',
    });
    ({ app, dataSource, close } = testApp);
    const asAdmin = authedClient(await appUrl(app), await seedApiKey(dataSource, 'admin'));
    const queue = await asAdmin('PUT', '/v1/admin/queues/default', {
      slaPolicy: { targets: { '3': { firstResponseSeconds: 900, resolutionSeconds: 86_400 } } },
    });
    expect(queue.status).toBe(200);
    agentId = (await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Replier' })).body.id;
    asAgent = authedClient(
      await appUrl(app),
      await seedSession(dataSource, { role: 'agent', agentId }),
    );
  });

  afterAll(async () => {
    await close();
    await x.stop();
    await graph.stop();
    await elsewhere.stop();
  });

  it('posts the reply to the customer’s tweet, records it on the case and stops the first-response clock', async () => {
    const c = await caseWithTweet('1800000000000000001');
    const timers = app.get(SlaTimerQueue);
    expect(await timers.pending(c.workItemId)).toEqual(['firstResponse.atRisk']);
    const requestId = randomUUID();

    const sent = await post<Reply>(`/v1/cases/${c.caseId}/replies`, {
      requestId,
      agentId,
      text: 'Sorry about that! We have sent you a DM with the tracking link.',
    });
    expect(sent.status).toBe(201);
    expect(x.created).toEqual([
      {
        id: sent.body.externalId,
        text: 'Sorry about that! We have sent you a DM with the tracking link.',
        inReplyTo: '1800000000000000001',
      },
    ]);
    const outbound: Array<{ external_id: string }> = await dataSource.query(
      `SELECT external_id FROM interactions WHERE case_id = $1 AND direction = 'outbound'`,
      [c.caseId],
    );
    expect(outbound).toEqual([{ external_id: sent.body.externalId }]);
    const [{ first_responded_at }]: Array<{ first_responded_at: Date | null }> =
      await dataSource.query(`SELECT first_responded_at FROM work_items WHERE id = $1`, [
        c.workItemId,
      ]);
    expect(first_responded_at).toBeInstanceOf(Date);
    // The first-response timer is gone; the resolution clock's next stage is armed instead.
    expect(await timers.pending(c.workItemId)).toEqual(['resolution.atRisk']);

    // The client retries (say its connection dropped): the same reply, nothing posted again.
    const retried = await post<Reply>(`/v1/cases/${c.caseId}/replies`, {
      requestId,
      agentId,
      text: 'ignored',
    });
    expect(retried).toMatchObject({
      status: 201,
      body: { id: sent.body.id, externalId: sent.body.externalId },
    });
    expect(x.created).toHaveLength(1);
  });

  it('says 502 with X’s reason when X refuses, and the same request succeeds later', async () => {
    const c = await caseWithTweet('1800000000000000002');
    const requestId = randomUUID();
    x.failNext(1, '/2/tweets');
    const refused = await post<{ message: string }>(`/v1/cases/${c.caseId}/replies`, {
      requestId,
      agentId,
      text: 'Looking into it',
    });
    expect(refused.status).toBe(502);
    expect(refused.body.message).toContain('HTTP 503');
    const [{ status }]: Array<{ status: string }> = await dataSource.query(
      `SELECT status FROM replies WHERE request_id = $1`,
      [requestId],
    );
    expect(status).toBe('failed');

    const later = await post<Reply>(`/v1/cases/${c.caseId}/replies`, {
      requestId,
      agentId,
      text: 'Looking into it',
    });
    expect(later).toMatchObject({ status: 201, body: { status: 'sent' } });
  });

  it('replies on Facebook and Instagram through the Graph API: comments, comment replies, messages', async () => {
    const comment = await caseWithTweet('111_222', 'facebook', { conversationId: '111' });
    const igComment = await caseWithTweet('17890001', 'instagram', { conversationId: 'media-1' });
    const dm = await caseWithTweet('m_abc', 'facebook', {
      authorId: 'psid-9',
      conversationId: 'dm:page-1:psid-9',
    });
    for (const c of [comment, igComment, dm]) {
      const sent = await post<Reply>(`/v1/cases/${c.caseId}/replies`, {
        requestId: randomUUID(),
        agentId,
        text: 'Thanks for reaching out, we are on it.',
      });
      expect(sent).toMatchObject({ status: 201, body: { status: 'sent' } });
    }
    expect(graph.calls).toEqual([
      {
        method: 'POST',
        path: '/111_222/comments',
        body: { message: 'Thanks for reaching out, we are on it.' },
      },
      {
        method: 'POST',
        path: '/17890001/replies',
        body: { message: 'Thanks for reaching out, we are on it.' },
      },
      {
        method: 'POST',
        path: '/me/messages',
        body: {
          recipient: { id: 'psid-9' },
          messaging_type: 'RESPONSE',
          message: { text: 'Thanks for reaching out, we are on it.' },
        },
      },
    ]);
    // The page token travels in the Authorization header, never in a URL.
    expect(graph.tokenPlacements).toEqual(['header', 'header', 'header']);
  });

  it('refuses to reply to stored posts whose ids are not the platform’s (defence in depth): nothing sent anywhere', async () => {
    const hostPort = new URL(elsewhereUrl).host;
    const hostile = [
      `${elsewhereUrl}/x`,
      `//${hostPort}/x`,
      '../../me/feed?',
      '111/../../me/feed',
      '111?fields=access_token',
      '111%2F..%2Fme',
    ];
    const graphCallsBefore = graph.calls.length;
    const xCallsBefore = x.created.length;
    for (const [platform, id] of hostile.flatMap((id) =>
      ['facebook', 'instagram', 'x'].map((p) => [p, id] as const),
    )) {
      const c = await caseWithTweet(id, platform, { conversationId: 'c-1' });
      const requestId = randomUUID();
      const refused = await post<{ message: string }>(`/v1/cases/${c.caseId}/replies`, {
        requestId,
        agentId,
        text: 'Thanks, we are on it.',
      });
      expect({ platform, id, status: refused.status }).toEqual({ platform, id, status: 409 });
      expect(refused.body.message).toMatch(/not an? (Meta object|X post) id/);
      const [{ status }]: Array<{ status: string }> = await dataSource.query(
        `SELECT status FROM replies WHERE request_id = $1`,
        [requestId],
      );
      expect(status).toBe('failed');
    }
    // A hostile recipient of a private message is refused the same way.
    const dm = await caseWithTweet('m_1', 'facebook', {
      authorId: '1/../../me/feed?',
      conversationId: 'dm:page-1:x',
    });
    const refusedDm = await post(`/v1/cases/${dm.caseId}/replies`, {
      requestId: randomUUID(),
      agentId,
      text: 'Thanks',
    });
    expect(refusedDm.status).toBe(409);
    expect(elsewhere.received).toEqual([]);
    expect(graph.calls.length).toBe(graphCallsBefore);
    expect(x.created.length).toBe(xCallsBefore);
  });

  it('refuses an X reply longer than X allows, naming the field', async () => {
    const c = await caseWithTweet('1800000000000000003');
    const tooLong = await post<{ errors: Array<{ path: string }> }>(
      `/v1/cases/${c.caseId}/replies`,
      {
        requestId: randomUUID(),
        agentId,
        text: 'x'.repeat(281),
      },
    );
    expect(tooLong).toMatchObject({ status: 400, body: { errors: [{ path: 'text' }] } });
  });

  it('refuses replies without a post to answer or with a bad body', async () => {
    const phoneOnly = await seedCase(dataSource, { channel: 'phone', priority: 3 });
    await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at, status, agent_id, assigned_at, accepted_at)
       VALUES ($1, 'default', 'phone', 3, 'test', now(), 'assigned', $2, now(), now())`,
      [phoneOnly.caseId, agentId],
    );
    const none = await post(`/v1/cases/${phoneOnly.caseId}/replies`, {
      requestId: randomUUID(),
      agentId,
      text: 'hi',
    });
    expect(none.status).toBe(404);
    const tooLong = await post<{ errors: Array<{ path: string }> }>(
      `/v1/cases/${phoneOnly.caseId}/replies`,
      {
        requestId: randomUUID(),
        agentId,
        text: 'x'.repeat(2_001),
      },
    );
    expect(tooLong).toMatchObject({ status: 400, body: { errors: [{ path: 'text' }] } });
  });

  describe('replies bound to the case holder (#14.11)', () => {
    it('refuses an agent who does not hold the case (queued, held by another, or done), 403 not_case_holder', async () => {
      const otherAgent = (
        await authedClient(await appUrl(app), await seedApiKey(dataSource, 'admin'))<{
          id: string;
        }>('POST', '/v1/agents', { name: 'Other' })
      ).body.id;
      const c = await caseWithTweet('1800000000000000801');
      const sentBefore = x.created.length;
      const states: Array<[string, string | null]> = [
        ['queued', null],
        ['assigned', otherAgent],
        ['completed', agentId],
      ];
      for (const [status, holder] of states) {
        await dataSource.query(`UPDATE work_items SET status = $2, agent_id = $3 WHERE id = $1`, [
          c.workItemId,
          status,
          holder,
        ]);
        const refused = await post(`/v1/cases/${c.caseId}/replies`, {
          requestId: randomUUID(),
          agentId,
          text: 'I am not on this case',
        });
        expect({ status, answer: refused.status }).toEqual({ status, answer: 403 });
        expect(refused.body).toMatchObject({ reason: 'not_case_holder' });
      }
      expect(x.created.length).toBe(sentBefore);
      expect(
        await dataSource.query(`SELECT 1 FROM replies WHERE case_id = $1`, [c.caseId]),
      ).toEqual([]);
    });

    it('lets supervisors and admins reply on any case, naming an existing agent', async () => {
      const c = await caseWithTweet('1800000000000000802');
      await dataSource.query(
        `UPDATE work_items SET status = 'queued', agent_id = NULL WHERE id = $1`,
        [c.workItemId],
      );
      const base = await appUrl(app);
      for (const role of ['supervisor', 'admin'] as const) {
        const caller = authedClient(base, await seedSession(dataSource, { role }));
        const sent = await caller<Reply>('POST', `/v1/cases/${c.caseId}/replies`, {
          requestId: randomUUID(),
          agentId,
          text: `The ${role} answers`,
        });
        expect({ role, status: sent.status }).toEqual({ role, status: 201 });
      }
      const supervisor = authedClient(base, await seedApiKey(dataSource, 'supervisor'));
      const ghost = await supervisor('POST', `/v1/cases/${c.caseId}/replies`, {
        requestId: randomUUID(),
        agentId: randomUUID(),
        text: 'from nobody',
      });
      expect(ghost).toMatchObject({ status: 400, body: { errors: [{ path: 'agentId' }] } });
      const viewer = authedClient(base, await seedApiKey(dataSource, 'viewer'));
      expect(
        (
          await viewer('POST', `/v1/cases/${c.caseId}/replies`, {
            requestId: randomUUID(),
            agentId,
            text: 'x',
          })
        ).status,
      ).toBe(403);
    });

    it('scopes the requestId to its case: reusing another case’s id neither returns nor blocks that reply', async () => {
      const first = await caseWithTweet('1800000000000000803');
      const second = await caseWithTweet('1800000000000000804');
      const requestId = randomUUID();
      const a = await post<Reply & { caseId: string }>(`/v1/cases/${first.caseId}/replies`, {
        requestId,
        agentId,
        text: 'Answer on the first case',
      });
      expect(a).toMatchObject({ status: 201 });
      const b = await post<Reply & { caseId: string; text: string }>(
        `/v1/cases/${second.caseId}/replies`,
        { requestId, agentId, text: 'Answer on the second case' },
      );
      expect(b).toMatchObject({ status: 201 });
      expect(b.body.id).not.toBe(a.body.id);
      expect(b.body).toMatchObject({ caseId: second.caseId, text: 'Answer on the second case' });
      expect(x.created.map((t) => t.inReplyTo)).toEqual(
        expect.arrayContaining(['1800000000000000803', '1800000000000000804']),
      );
      // The same id on the same case is still the same reply, posted once.
      const again = await post<Reply>(`/v1/cases/${first.caseId}/replies`, {
        requestId,
        agentId,
        text: 'Answer on the first case',
      });
      expect(again.body.id).toBe(a.body.id);
      expect(x.created.filter((t) => t.inReplyTo === '1800000000000000803')).toHaveLength(1);
    });
  });
  it('learns the accounts its replies were posted as (X user, Facebook page, Instagram account) into brand_accounts', async () => {
    x.meUser = { id: '900000000000000001', username: 'AcmeCare', name: 'Acme Care' };
    graph.accounts = { pageId: '880000000000001', instagramId: '17841400000000001' };
    const cases = [
      await caseWithTweet('1460323737035677999'),
      await caseWithTweet('333_444', 'facebook', { conversationId: '333' }),
      await caseWithTweet('17890002', 'instagram', { conversationId: 'media-2' }),
    ];
    for (const c of cases) {
      const sent = await post<Reply>(`/v1/cases/${c.caseId}/replies`, {
        requestId: randomUUID(),
        agentId,
        text: 'Thanks, we are looking into it.',
      });
      expect(sent).toMatchObject({ status: 201, body: { status: 'sent' } });
    }
    await app.get(BrandAccountLearner).settled();
    const rows: Array<{ platform: string; account_id: string; source: string }> =
      await dataSource.query(
        `SELECT platform, account_id, source FROM brand_accounts ORDER BY platform, account_id`,
      );
    expect(rows).toEqual([
      { platform: 'facebook', account_id: '880000000000001', source: 'learnt-from-reply' },
      { platform: 'instagram', account_id: '17841400000000001', source: 'learnt-from-reply' },
      { platform: 'x', account_id: '900000000000000001', source: 'learnt-from-reply' },
    ]);
    // Asked with the token in the header, never in a URL.
    expect(graph.reads.map((r) => r.placement)).not.toContain('query');
    expect(x.requestsTo('/2/users/me').filter((r) => r.status === 200)).toHaveLength(1);
  });
});
