import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import { countRows, freshDatabase, isolatedEnv } from '@scb/testing';
import type { DataSource } from 'typeorm';
import { startApi } from './api.app';
import { ApiConfigSchema } from './api.config';

describe('POST /v1/admin/crm-import (real Postgres)', () => {
  const env = isolatedEnv('crmapi');
  let app: INestApplication;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  const post = async (body: unknown) => {
    const response = await fetch(
      `${await app.getUrl()}/v1/admin/crm-import`.replace('[::1]', '127.0.0.1'),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    app = await startApi(loadConfig(ApiConfigSchema, { ...process.env, ...env }));
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('imports once however often it is sent', async () => {
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

  it('answers 400 naming the bad field', async () => {
    const response = await post({
      customers: [{ crmId: 'crm-2', cases: [{ crmCaseId: 'k', priority: 9 }] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: 'customers.0.cases.0.priority' }),
    ]);
  });
});
