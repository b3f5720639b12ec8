import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import {
  appUrl,
  authedClient,
  countRows,
  freshDatabase,
  isolatedEnv,
  seedApiKey,
  type ApiCall,
} from '@scb/testing';
import type { DataSource } from 'typeorm';
import { startApi } from './api.app';
import { ApiConfigSchema } from './api.config';

describe('admin API (real Postgres)', () => {
  const env = isolatedEnv('admin');
  let app: INestApplication;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let asAdmin: ApiCall;
  let asIntegration: ApiCall;
  const call = (path: string, body?: unknown) =>
    asAdmin(body === undefined ? 'GET' : 'POST', path, body);
  // The CRM import is the integration role's route (the CRM's sync job).
  const post = (body: unknown) => asIntegration('POST', '/v1/admin/crm-import', body);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    app = await startApi(loadConfig(ApiConfigSchema, { ...process.env, ...env }));
    const base = await appUrl(app);
    asAdmin = authedClient(base, await seedApiKey(dataSource, 'admin'));
    asIntegration = authedClient(base, await seedApiKey(dataSource, 'integration'));
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

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
});
