import { randomBytes, randomInt } from 'node:crypto';
import { signZendeskWebhook } from '@scb/crm';
import {
  FakeZendeskServer,
  authedClient,
  createTestApp,
  isolatedEnv,
  seedApiKey,
  waitFor,
  type ApiCall,
  type TestApp,
} from '@scb/testing';

/**
 * Zendesk webhooks (`POST /v1/webhooks/crm/:name`) against the real node-zendesk client and the
 * Zendesk stand-in, real Postgres. The sync interval is ten minutes, so every pass seen here was
 * woken by a signed call.
 */
describe('CRM webhooks: a signed Zendesk call wakes the connector, a bad one is refused', () => {
  const agent = {
    email: 'hooks@brand.example',
    token: `zd-token-${randomBytes(8).toString('hex')}`,
  };
  const fake = new FakeZendeskServer(agent, 5);
  let offset = 0;
  fake.setClock(() => new Date(Date.now() + offset));
  const secret = `whsec-${randomBytes(16).toString('base64')}`;
  const connector = 'zendesk-hooks';
  let testApp: TestApp;
  let asAdmin: ApiCall;
  const query = <T>(sql: string, params: unknown[] = []) =>
    testApp.dataSource.query<T[]>(sql, params);
  const caseOf = async (ticketId: string) =>
    (
      await query<{ status: string }>(`SELECT status FROM cases WHERE crm_case_id = $1`, [ticketId])
    )[0];

  /** A webhook call as Zendesk sends it, signed with `key` at `at` (ISO-8601). */
  const call = async (
    name: string,
    options: { key?: string; at?: Date; body?: string; signature?: string } = {},
  ) => {
    const body = options.body ?? JSON.stringify({ type: 'zen:event-type:ticket.status_changed' });
    const timestamp = (options.at ?? new Date()).toISOString();
    const signature =
      options.signature ??
      signZendeskWebhook(options.key ?? secret, timestamp, Buffer.from(body, 'utf8'));
    const response = await fetch(`${testApp.baseUrl}/v1/webhooks/crm/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signature,
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };

  beforeAll(async () => {
    const base = await fake.start();
    testApp = await createTestApp('api', {
      ...isolatedEnv('crm_hook'),
      CRM_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      CRM_SYNC_INTERVAL_MS: '600000',
      CRM_WEBHOOK_MAX_PER_MINUTE: '12',
    });
    asAdmin = authedClient(testApp.baseUrl, await seedApiKey(testApp.dataSource, 'admin'));
    const put = await asAdmin('PUT', `/v1/admin/crm-connectors/${connector}`, {
      kind: 'zendesk',
      settings: {
        endpointUri: base,
        accountNumberField: 'account_number',
        retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxServerWaitMs: 1_000 },
      },
      credentials: { kind: 'api-token', ...agent },
      webhookSecret: secret,
    });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await testApp?.close();
    await fake.stop();
  });

  it('stores the signing secret encrypted and never shows it back', async () => {
    const got = await asAdmin('GET', `/v1/admin/crm-connectors/${connector}`);
    expect(got.body).toMatchObject({ webhookSecret: 'set', credentials: 'set' });
    expect(JSON.stringify(got.body)).not.toContain(secret);
    const [stored] = await query<{ webhook_secret: string }>(
      `SELECT webhook_secret FROM crm_connectors WHERE name = $1`,
      [connector],
    );
    expect(stored.webhook_secret).toMatch(/^v1\./);
    expect(stored.webhook_secret).not.toContain(secret);
    const audit = await query<{ entry: string }>(
      `SELECT row_to_json(a)::text AS entry FROM audit_log a WHERE entity = 'crm_connector'`,
    );
    expect(audit.map((a) => a.entry).join('\n')).not.toContain(secret);
  });

  it('a signed call makes the connector sync now: a new ticket imported, then its solving applied', async () => {
    const user = fake.addUser({ name: 'Hook Customer' });
    fake.addIdentity(user.id, 'twitter', `77${randomInt(1e9)}`);
    const ticket = String(fake.addTicket({ requester_id: user.id, subject: 'Webhook' }).id);
    expect(await call(connector)).toMatchObject({ status: 204, body: null });
    await waitFor(() => caseOf(ticket), { what: 'the ticket imported after the webhook' });
    expect((await caseOf(ticket)).status).toBe('open');

    offset += 2_000;
    fake.updateTicket(Number(ticket), { status: 'solved' });
    expect((await call(connector)).status).toBe(204);
    await waitFor(async () => (await caseOf(ticket)).status === 'resolved', {
      what: 'the ticket solved, applied after the webhook',
    });
    // Once: the same change again (a repeated call) leaves one case, resolved.
    expect((await call(connector)).status).toBe(204);
    expect(await query(`SELECT status FROM cases WHERE crm_case_id = $1`, [ticket])).toEqual([
      { status: 'resolved' },
    ]);
  });

  it('refuses bad signatures, another secret, stale timestamps, unknown connectors with 401 problem+json', async () => {
    const refused = [
      await call(connector, { signature: 'bm90IGEgc2lnbmF0dXJl' }),
      await call(connector, { key: 'another-secret-entirely' }),
      await call(connector, { at: new Date(Date.now() - 10 * 60_000) }),
      await call(connector, { at: new Date(Date.now() + 10 * 60_000) }),
      await call('nobody-here'),
    ];
    for (const answer of refused)
      expect(answer).toMatchObject({
        status: 401,
        type: expect.stringContaining('application/problem+json'),
        body: { status: 401, detail: 'webhook signature not accepted' },
      });
    // A body changed after signing.
    const timestamp = new Date().toISOString();
    const signature = signZendeskWebhook(secret, timestamp, Buffer.from('{"a":1}'));
    const response = await fetch(`${testApp.baseUrl}/v1/webhooks/crm/${connector}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signature,
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      body: '{"a":2}',
    });
    expect(response.status).toBe(401);
  });

  it('limits calls per connector: 429 with Retry-After past the limit', async () => {
    const name = 'flooded-connector';
    const answers = [];
    for (let i = 0; i < 13; i += 1) answers.push(await call(name));
    expect(answers.slice(0, 12).every((a) => a.status === 401)).toBe(true);
    expect(answers[12]).toMatchObject({
      status: 429,
      type: expect.stringContaining('application/problem+json'),
      retryAfter: expect.stringMatching(/^\d+$/),
    });
  });

  it('refuses a webhook secret on a Salesforce connector', async () => {
    const put = await asAdmin('PUT', '/v1/admin/crm-connectors/sf-hooks', {
      kind: 'salesforce',
      settings: { loginUrl: 'https://login.example', caseExternalIdField: 'SCB_External_Id__c' },
      credentials: { kind: 'client-credentials', clientId: 'key', clientSecret: 'secret' },
      webhookSecret: secret,
    });
    expect(put.status).toBe(400);
    expect(JSON.stringify(put.body)).toContain('webhookSecret');
    expect(JSON.stringify(put.body)).not.toContain(secret);
  });
});
