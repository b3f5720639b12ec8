import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  captureOutput,
  createTestApp,
  FakeMetaGraphServer,
  FakeXServer,
  leakedSecrets,
  seedApiKey,
  seedCase,
  waitFor,
} from '@scb/testing';

/** The fields of the answers this test reads. */
interface Answer {
  token: string;
  id: string;
  key: string;
  apiKey: { id: string };
}

describe('secrets never appear in api responses or logs (a full api run, verbose logs)', () => {
  const secrets = {
    bootstrapPassword: `boot-${randomUUID()}`,
    userPassword: `user-${randomUUID()}`,
    newPassword: `new-${randomUUID()}`,
    wrongPassword: `wrong-${randomUUID()}`,
    xToken: `x-token-${randomUUID()}`,
    metaToken: `meta-token-${randomUUID()}`,
    crmKey: randomBytes(32).toString('base64'),
    crmToken: `zd-token-${randomUUID()}`,
  } as Record<string, string>;
  const x = new FakeXServer(secrets.xToken);
  // Meta is stood in for by a server that does not accept our token: the refusal path is logged.
  const graph = new FakeMetaGraphServer('another-token');
  let dataSource: DataSource;
  let base: string;
  /** Every response the api gave, except where a secret is issued (login, new API key). */
  const responses: string[] = [];

  async function call(
    method: string,
    path: string,
    credential: string | null,
    body?: unknown,
    issuesSecret = false,
  ) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!issuesSecret) responses.push(JSON.stringify([...response.headers]), text);
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Answer,
    };
  }

  afterAll(async () => {
    await x.stop().catch(() => undefined);
    await graph.stop();
  });

  it('keeps every password, token and key out of responses and logs', async () => {
    const logs = await captureOutput(async () => {
      const xUrl = await x.start();
      const graphUrl = await graph.start();
      const testApp = await createTestApp('api', {
        LOG_LEVEL: 'verbose',
        BOOTSTRAP_ADMIN_EMAIL: 'root@example.com',
        BOOTSTRAP_ADMIN_PASSWORD: secrets.bootstrapPassword,
        X_API_BASE_URL: xUrl,
        X_USER_ACCESS_TOKEN: secrets.xToken,
        META_GRAPH_URL: graphUrl,
        META_PAGE_ACCESS_TOKEN: secrets.metaToken,
        CRM_CREDENTIALS_KEY: secrets.crmKey,
        CRM_SYNC_INTERVAL_MS: '100',
      });
      ({ dataSource, baseUrl: base } = testApp);
      try {
        await exercise();
      } finally {
        await testApp.close();
      }
    });

    const leaks = (text: string) => leakedSecrets(secrets, text);
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(10);
    expect({ responses: leaks(responses.join('\n')), logs: leaks(logs) }).toEqual({
      responses: [],
      logs: [],
    });
    expect(responses.join('\n')).not.toMatch(/scrypt\$/);
    expect(logs).not.toMatch(/scrypt\$/);
    // The run did log (so an empty capture cannot pass), including the refused replies.
    expect(logs).toMatch(/reply failed/);
    expect(logs).toMatch(/bootstrap admin/);
    expect(logs).toMatch(/CRM sync pass failed/);
  }, 60_000);

  async function exercise(): Promise<void> {
    const adminLogin = await call(
      'POST',
      '/v1/auth/login',
      null,
      {
        email: 'root@example.com',
        password: secrets.bootstrapPassword,
      },
      true,
    );
    expect(adminLogin.status).toBe(200);
    const admin = (secrets.adminSession = adminLogin.body.token);

    const agent = await call('POST', '/v1/agents', admin, { name: 'Ana' });
    const user = await call('POST', '/v1/admin/users', admin, {
      email: 'ana@example.com',
      displayName: 'Ana',
      role: 'agent',
      agentId: agent.body.id,
      password: secrets.userPassword,
    });
    expect(user.status).toBe(201);
    expect(
      (
        await call('POST', '/v1/auth/login', null, {
          email: 'ana@example.com',
          password: secrets.wrongPassword,
        })
      ).status,
    ).toBe(401);
    // Refused for its shape: the error names fields, never echoes their values.
    expect(
      (
        await call('POST', '/v1/auth/login', null, {
          email: 'ana@example.com',
          password: secrets.wrongPassword,
          x: 1,
        })
      ).status,
    ).toBe(400);
    const anaLogin = await call(
      'POST',
      '/v1/auth/login',
      null,
      {
        email: 'ana@example.com',
        password: secrets.userPassword,
      },
      true,
    );
    const ana = (secrets.userSession = anaLogin.body.token);
    expect((await call('GET', '/v1/auth/me', ana)).status).toBe(200);

    const created = await call(
      'POST',
      '/v1/admin/api-keys',
      admin,
      { name: 'phone', role: 'integration' },
      true,
    );
    const key = (secrets.apiKey = created.body.key);
    secrets.seededKey = await seedApiKey(dataSource, 'viewer');
    expect((await call('GET', '/v1/auth/me', key)).status).toBe(200);
    expect((await call('GET', '/v1/cases', secrets.seededKey)).status).toBe(200);
    await call('GET', '/v1/admin/api-keys', admin);
    await call('DELETE', `/v1/admin/api-keys/${created.body.apiKey.id}`, admin);
    expect((await call('GET', '/v1/auth/me', key)).status).toBe(401);
    expect((await call('GET', '/v1/cases', `${key}x`)).status).toBe(401);

    // Replies: one sent on X, one X refuses, one to an X that is gone, one Meta refuses.
    const sent = await replyTo('x', ana, agent.body.id);
    expect(sent).toBe(201);
    x.failNext(1, '/2/tweets');
    expect(await replyTo('x', ana, agent.body.id)).toBe(502);
    await x.stop();
    expect(await replyTo('x', ana, agent.body.id)).toBe(502);
    expect(await replyTo('facebook', ana, agent.body.id)).toBe(502);

    // A CRM connector whose Zendesk cannot be reached: saved, read, its failed passes logged.
    const put = await call('PUT', '/v1/admin/crm-connectors/zendesk', admin, {
      kind: 'zendesk',
      settings: {
        endpointUri: 'http://127.0.0.1:9/api/v2',
        retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1, maxServerWaitMs: 1 },
      },
      credentials: { kind: 'api-token', email: 'sync@brand.example', token: secrets.crmToken },
    });
    expect(put.status).toBe(200);
    await waitFor(
      async () =>
        (
          (await call('GET', '/v1/admin/crm-connectors/zendesk', admin)).body as unknown as {
            lastError: string | null;
          }
        ).lastError,
      { what: 'a failed CRM sync pass' },
    );

    await call('PATCH', `/v1/admin/users/${user.body.id}`, admin, {
      password: secrets.newPassword,
    });
    expect((await call('GET', '/v1/auth/me', ana)).status).toBe(401);
    await call('GET', '/v1/admin/users', admin);
    await call('GET', '/v1/audit-log?limit=200', admin);
    await call('POST', '/v1/auth/logout', admin);
    expect((await call('GET', '/v1/auth/me', admin)).status).toBe(401);
  }

  async function replyTo(platform: 'x' | 'facebook', credential: string, agentId: string) {
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await dataSource.query(
      `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
       VALUES ($1, $2, 'social', 'inbound', $3, $4, 'customer-1', 'help', now(), '{}', '{}')`,
      [c.caseId, c.customerId, platform, platform === 'x' ? `18${Date.now()}` : `1_${Date.now()}`],
    );
    // Only the agent holding the case replies on it: the case's work is theirs, accepted.
    await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at, status, agent_id, assigned_at, accepted_at)
       VALUES ($1, 'default', 'social', 3, 'test', now(), 'assigned', $2, now(), now())`,
      [c.caseId, agentId],
    );
    const response = await call('POST', `/v1/cases/${c.caseId}/replies`, credential, {
      requestId: randomUUID(),
      agentId,
      text: 'We are on it',
    });
    return response.status;
  }
});
