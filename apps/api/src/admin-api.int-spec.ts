import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  appUrl,
  authedClient,
  countRows,
  isolatedEnv,
  seedApiKey,
  seedCustomer,
  type ApiCall,
  createTestApp,
} from '@scb/testing';
import type { DataSource } from 'typeorm';

describe('admin API (real Postgres)', () => {
  const env = isolatedEnv('admin');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let asAdmin: ApiCall;
  let asIntegration: ApiCall;
  let integrationKey: string;
  const call = (path: string, body?: unknown) =>
    asAdmin(body === undefined ? 'GET' : 'POST', path, body);
  // The CRM import is the integration role's route (the CRM's sync job).
  const post = (body: unknown) => asIntegration('POST', '/v1/admin/crm-import', body);

  beforeAll(async () => {
    const testApp = await createTestApp('api', env);
    ({ app, dataSource, close } = testApp);
    const base = await appUrl(app);
    asAdmin = authedClient(base, await seedApiKey(dataSource, 'admin'));
    integrationKey = await seedApiKey(dataSource, 'integration');
    asIntegration = authedClient(base, integrationKey);
  });
  afterAll(() => close());

  it('CRM import: imports once however often it is sent', async () => {
    const body = {
      customers: [
        {
          crmId: 'crm-1',
          cases: [{ crmCaseId: 'k-1' }],
          identifiers: [{ kind: 'email', value: 'a@b.io' }],
        },
      ],
    };
    const first = await post(body);
    const again = await post(body);

    expect(first).toMatchObject({
      status: 200,
      body: { customers: { created: 1 }, cases: { created: 1 } },
    });
    expect(again).toMatchObject({
      status: 200,
      body: { customers: { updated: 1 }, cases: { updated: 1 } },
    });
    expect(await countRows(dataSource, 'SELECT 1 FROM cases')).toBe(1);
  });

  it('CRM import: answers 400 naming the bad field', async () => {
    const response = await post({
      customers: [{ crmId: 'crm-2', cases: [{ crmCaseId: 'k', priority: 9 }] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: 'customers.0.cases.0.priority' }),
    ]);
  });

  it('CRM import: takes CSV too, as idempotent, and names the row and column of a bad cell', async () => {
    const postCsv = async (csv: string) => {
      const response = await fetch(
        `${await app.getUrl()}/v1/admin/crm-import`.replace('[::1]', '127.0.0.1'),
        {
          method: 'POST',
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            authorization: `Bearer ${integrationKey}`,
          },
          body: csv,
        },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const csv =
      'crm_id,display_name,platform,external_user_id,email,crm_case_id,case_status\n' +
      'csv-1,"Doe, Jo",x,csv-x-1,jo@example.com,csv-k-1,open\n' +
      'csv-1,,,,,csv-k-2,resolved\n';

    const first = await postCsv(csv);
    const again = await postCsv(csv);

    expect(first).toMatchObject({
      status: 200,
      body: { customers: { created: 1 }, identities: { linked: 1 }, cases: { created: 2 } },
    });
    expect(again).toMatchObject({
      status: 200,
      body: { customers: { updated: 1 }, identities: { alreadyLinked: 1 }, cases: { updated: 2 } },
    });
    expect(await countRows(dataSource, `SELECT 1 FROM cases WHERE crm_case_id LIKE 'csv-%'`)).toBe(
      2,
    );
    const bad = await postCsv('crm_id,crm_case_id,case_priority\ncsv-2,csv-k-3,9\n');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ row: 1, line: 2, column: 'case_priority' }),
    ]);
    expect(await countRows(dataSource, `SELECT 1 FROM customers WHERE crm_id = 'csv-2'`)).toBe(0);
  });

  it('matching rules: each POST is a new version, readable with its author', async () => {
    const definition = {
      rules: [
        {
          id: 'spam',
          when: { type: 'textContainsAny', values: ['crypto'] },
          then: { ignore: true },
        },
      ],
    };
    const first = await call('/v1/admin/matching-rules', { author: 'ana', definition });
    const second = await call('/v1/admin/matching-rules', {
      author: 'bo',
      note: 'again',
      definition,
    });

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.version).toBe(Number(first.body.version) + 1);
    expect(await call('/v1/admin/matching-rules/latest')).toMatchObject({
      status: 200,
      body: { version: second.body.version, author: 'bo', note: 'again' },
    });
    expect((await call('/v1/admin/matching-rules/999')).status).toBe(404);
  });

  it('matching rules: a bad pattern is refused with the path of the field', async () => {
    const response = await call('/v1/admin/matching-rules', {
      author: 'ana',
      definition: {
        rules: [
          { id: 'x', when: { type: 'textMatches', pattern: '(a)\\1' }, then: { ignore: true } },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: 'definition.rules.0.when.pattern' }),
    ]);
  });

  it('customer merge: folds one customer into another; refuses unknown, self and tombstones', async () => {
    const persona = await seedCustomer(dataSource, { cases: [{}] });
    const customer = await seedCustomer(dataSource, { cases: [{}] });
    const merge = (id: string, body: unknown) => call(`/v1/customers/${id}/merge`, body);
    const body = { intoCustomerId: customer.customerId, reason: 'same person, confirmed by phone' };

    const merged = await merge(persona.customerId, body);

    expect(merged).toMatchObject({
      status: 200,
      body: { intoCustomerId: customer.customerId, moved: { cases: 1 } },
    });
    expect(
      await countRows(dataSource, `SELECT 1 FROM cases WHERE customer_id = $1`, [
        customer.customerId,
      ]),
    ).toBe(2);
    const [tombstone]: Array<{ merge_evidence: unknown }> = await dataSource.query(
      `SELECT merge_evidence FROM customers WHERE id = $1`,
      [persona.customerId],
    );
    expect(tombstone.merge_evidence).toEqual({
      kind: 'manual',
      value: 'same person, confirmed by phone',
    });
    expect(
      await countRows(
        dataSource,
        `SELECT 1 FROM audit_log WHERE entity = 'customers' AND action = 'merge' AND entity_id = $1 AND actor_kind = 'api_key'`,
        [persona.customerId],
      ),
    ).toBe(1);
    expect((await merge(persona.customerId, body)).status).toBe(409);
    expect((await merge(customer.customerId, body)).status).toBe(409);
    expect(
      (await merge(customer.customerId, { ...body, intoCustomerId: randomUUID() })).status,
    ).toBe(404);
    const bad = await merge(customer.customerId, { intoCustomerId: 'nope', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ path: 'intoCustomerId' }),
      expect.objectContaining({ path: 'reason' }),
    ]);
  });
});
