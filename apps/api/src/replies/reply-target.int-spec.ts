import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  appUrl,
  authedClient,
  createTestApp,
  FakeMetaGraphServer,
  FakeXServer,
  isolatedEnv,
  seedApiKey,
  seedCase,
  seedSession,
  type ApiCall,
} from '@scb/testing';

interface Reply {
  id: string;
  status: string;
  externalId: string | null;
  inReplyTo: { interactionId: string; externalId: string };
}

/**
 * Issue 12 point 4 (platform cases 01, 02a/02b): a reply from a case reaches the case's own
 * customer, on the post the agent picks or by default their latest one still standing, and never
 * another author's post, through the real api and Postgres with X and Meta's Graph API stood in
 * for by their wire formats (what they received is where the reply went).
 */
describe('replies reach the right person (real Postgres/Redis, fake X and Meta Graph)', () => {
  const env = isolatedEnv('replytarget');
  const x = new FakeXServer('app-bearer-token', { userToken: 'brand-user-token' });
  const graph = new FakeMetaGraphServer('page-token');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let agentId: string;
  let asAgent: ApiCall;

  /** A customer's (or a stranger's) post on the case, `minutesAgo` old; its interaction id. */
  async function postOn(
    c: { caseId: string; customerId: string },
    externalId: string,
    options: {
      platform?: string;
      minutesAgo: number;
      customerId?: string;
      authorId?: string;
      direction?: 'inbound' | 'outbound';
      removed?: boolean;
    },
  ): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload, removed_at)
       VALUES ($1, $2, 'social', $3, $4, $5, $6, 'a post', now() - make_interval(mins => $7), '{}', '{}',
               CASE WHEN $8 THEN now() END)
       RETURNING id`,
      [
        c.caseId,
        options.customerId ?? c.customerId,
        options.direction ?? 'inbound',
        options.platform ?? 'x',
        externalId,
        options.authorId ?? 'customer-1',
        options.minutesAgo,
        options.removed ?? false,
      ],
    );
    return id;
  }

  /** A social case held by the replying agent (only the holder may reply). */
  async function heldCase() {
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at, status, agent_id, assigned_at, accepted_at)
       VALUES ($1, 'default', 'social', 3, 'test', now(), 'assigned', $2, now(), now())`,
      [c.caseId, agentId],
    );
    return c;
  }

  const stranger = async () =>
    (
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO customers (display_name) VALUES ('someone else') RETURNING id`,
      )
    )[0].id;

  const reply = (caseId: string, body: Record<string, unknown> = {}) =>
    asAgent<Reply & { reason?: string; message?: string }>('POST', `/v1/cases/${caseId}/replies`, {
      requestId: randomUUID(),
      agentId,
      text: 'We are on it',
      ...body,
    });

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      X_API_BASE_URL: await x.start(),
      X_USER_ACCESS_TOKEN: 'brand-user-token',
      META_GRAPH_URL: await graph.start(),
      META_PAGE_ACCESS_TOKEN: 'page-token',
    });
    ({ app, dataSource, close } = testApp);
    const asAdmin = authedClient(await appUrl(app), await seedApiKey(dataSource, 'admin'));
    agentId = (await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Ana' })).body.id;
    asAgent = authedClient(
      await appUrl(app),
      await seedSession(dataSource, { role: 'agent', agentId }),
    );
  });

  afterAll(async () => {
    await close();
    await x.stop();
    await graph.stop();
  });

  it("01: by default the customer's latest standing tweet, never the newer reply of a third party in her thread", async () => {
    const dana = await heldCase();
    await postOn(dana, '1900000000000002001', { minutesAgo: 30 });
    await postOn(dana, '1900000000000002002', { minutesAgo: 20 });
    // Her newest tweet was deleted on X; a stranger's reply is newer still (stored before threads
    // were author-aware).
    await postOn(dana, '1900000000000002003', { minutesAgo: 10, removed: true });
    await postOn(dana, '1900000000000002004', {
      minutesAgo: 5,
      customerId: await stranger(),
      authorId: 'theo',
    });

    const sent = await reply(dana.caseId);

    expect(sent).toMatchObject({ status: 201, body: { status: 'sent' } });
    expect(sent.body.inReplyTo.externalId).toBe('1900000000000002002');
    expect(x.created.at(-1)).toMatchObject({
      id: sent.body.externalId,
      inReplyTo: '1900000000000002002',
    });
  });

  it('01: the agent picks an earlier tweet of the customer, and X receives the reply under it', async () => {
    const dana = await heldCase();
    const first = await postOn(dana, '1900000000000002101', { minutesAgo: 30 });
    await postOn(dana, '1900000000000002102', { minutesAgo: 20 });

    const sent = await reply(dana.caseId, { inReplyToInteractionId: first });

    expect(sent).toMatchObject({
      status: 201,
      body: { inReplyTo: { interactionId: first, externalId: '1900000000000002101' } },
    });
    expect(x.created.at(-1)).toMatchObject({ inReplyTo: '1900000000000002101' });
  });

  it("refuses, 409 with the reason, another author's post, one not on the case, a deleted one and the brand's own reply: nothing is posted", async () => {
    const dana = await heldCase();
    await postOn(dana, '1900000000000002201', { minutesAgo: 30 });
    const theo = await postOn(dana, '1900000000000002202', {
      minutesAgo: 20,
      customerId: await stranger(),
      authorId: 'theo',
    });
    const removed = await postOn(dana, '1900000000000002203', { minutesAgo: 15, removed: true });
    const outbound = await postOn(dana, '1900000000000002204', {
      minutesAgo: 10,
      direction: 'outbound',
    });
    const elsewhere = await heldCase();
    const foreign = await postOn(elsewhere, '1900000000000002205', { minutesAgo: 5 });
    const before = x.created.length;

    for (const [interactionId, reason] of [
      [theo, 'reply_target_other_author'],
      [foreign, 'reply_target_not_on_case'],
      [randomUUID(), 'reply_target_not_on_case'],
      [removed, 'reply_target_removed'],
      [outbound, 'reply_target_not_customer_post'],
    ]) {
      const refused = await reply(dana.caseId, { inReplyToInteractionId: interactionId });
      expect({ reason, status: refused.status, body: refused.body }).toEqual({
        reason,
        status: 409,
        body: expect.objectContaining({ reason, type: expect.stringContaining('reply-target') }),
      });
    }
    expect(x.created.length).toBe(before);
    expect(
      await dataSource.query(`SELECT 1 FROM replies WHERE case_id = $1`, [dana.caseId]),
    ).toEqual([]);
    const badId = await reply(dana.caseId, { inReplyToInteractionId: 'not-a-uuid' });
    expect(badId.status).toBe(400);
  });

  it("02a/02b: a reply from Lena's case goes under Lena's comment, never Omar's under the same page post", async () => {
    const lena = await heldCase();
    const lenaComment = await postOn(lena, '5001_7001', { platform: 'facebook', minutesAgo: 30 });
    const omarComment = await postOn(lena, '5001_7002', {
      platform: 'facebook',
      minutesAgo: 20,
      customerId: await stranger(),
      authorId: '6100000000000002',
    });

    const byDefault = await reply(lena.caseId, { text: 'Sorry Lena, we are on it' });
    const picked = await reply(lena.caseId, {
      text: 'Lena, the parcel is on its way',
      inReplyToInteractionId: lenaComment,
    });
    const omar = await reply(lena.caseId, { inReplyToInteractionId: omarComment });

    expect(byDefault.status).toBe(201);
    expect(picked.status).toBe(201);
    expect(omar).toMatchObject({ status: 409, body: { reason: 'reply_target_other_author' } });
    expect(graph.calls).toEqual([
      {
        method: 'POST',
        path: '/5001_7001/comments',
        body: { message: 'Sorry Lena, we are on it' },
      },
      {
        method: 'POST',
        path: '/5001_7001/comments',
        body: { message: 'Lena, the parcel is on its way' },
      },
    ]);
  });

  it('documents the choice in the OpenAPI request body', async () => {
    const doc = (await (await fetch(`${await appUrl(app)}/docs-json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(doc.components.schemas.ReplyRequest.properties).toHaveProperty('inReplyToInteractionId');
  });
});
