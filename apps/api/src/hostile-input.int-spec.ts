import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  countRows,
  isolatedEnv,
  seedApiKey,
  seedCustomer,
  createTestApp,
  sendRaw,
} from '@scb/testing';

const INJECTIONS = [
  "Robert'); DROP TABLE agents;--",
  '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>',
  '\u202Egnp.exe\u202C zero\u200Bwidth\u200D\uFEFFjoiner',
  'مرحبا 👩‍👩‍👧‍👦 שלום',
];

describe('API under hostile input (real Postgres)', () => {
  const env = isolatedEnv('hostile');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let adminKey: string;

  const send = (
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ) => sendRaw(`${base}${path}`, method, body, { authorization: `Bearer ${adminKey}`, ...headers });

  beforeAll(async () => {
    const testApp = await createTestApp('api', env);
    ({ app, dataSource, close } = testApp);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    adminKey = await seedApiKey(dataSource, 'admin', 'hostile-input-admin');
  });
  afterAll(() => close());

  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const cases: Array<[string, number, string | Buffer, RegExp]> = [
    ['malformed JSON', 400, '{"name": "x",', /JSON|Unexpected|Expected/i],
    ['wrong types', 400, JSON.stringify({ name: 42, queues: 'default' }), /name|queues/],
    ['missing fields', 400, JSON.stringify({ skills: [] }), /name/],
    ['unknown fields', 400, JSON.stringify({ name: 'a', isAdmin: true }), /isAdmin|unrecognized/i],
    ['10 MB body', 413, JSON.stringify({ name: 'x'.repeat(10_000_000) }), /large/i],
    ['deeply nested JSON', 413, nested(100_000), /large/i],
    ['moderately nested JSON', 400, nested(2_000), /.+/],
    [
      'invalid UTF-8',
      400,
      Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      /.+/,
    ],
  ];

  it.each(cases)(
    'POST /v1/agents with %s → %i with a reason, nothing stored',
    async (_, status, body, reason) => {
      const response = await send('POST', '/v1/agents', body);
      expect(response.status).toBe(status);
      expect(JSON.stringify(response.json())).toMatch(reason);
      expect(await countRows(dataSource, 'SELECT 1 FROM agents')).toBe(0);
    },
  );

  it('stores injection, RTL, zero-width and emoji text verbatim and returns it as JSON data', async () => {
    for (const name of INJECTIONS) {
      const created = await send('POST', '/v1/agents', JSON.stringify({ name }));
      expect(created.status).toBe(201);
      expect(created.type).toMatch(/^application\/json/);
      expect(created.json().name).toBe(name);
    }
    const listed = await send('GET', '/v1/agents');
    expect((listed.json().items as Array<{ name: string }>).map((a) => a.name).sort()).toEqual(
      [...INJECTIONS].sort(),
    );
    expect(await countRows(dataSource, 'SELECT 1 FROM agents')).toBe(INJECTIONS.length);
  });

  it('matching rules: backtracking patterns, huge and deep rule sets, unknown fields → 400 naming the field', async () => {
    const publish = (definition: unknown) =>
      send('POST', '/v1/admin/matching-rules', JSON.stringify({ author: 'admin', definition }));
    const rule = (when: unknown, id = 'r') => ({ id, when, then: { tags: ['t'] } });
    const refused: Array<[unknown, RegExp]> = [
      [
        { rules: [rule({ type: 'textMatches', pattern: '(a+)+\\1' })] },
        /definition\.rules\.0\.when\.pattern/,
      ],
      [
        { rules: [rule({ type: 'textMatches', pattern: '(?=a)' })] },
        /definition\.rules\.0\.when\.pattern/,
      ],
      [{ rules: [rule({ type: 'authorAge', min: 1 })] }, /definition\.rules\.0\.when/],
      [
        { rules: [{ ...rule({ type: 'isReply', value: true }), colour: 'red' }] },
        /colour|unrecognized/i,
      ],
      [
        {
          rules: Array.from({ length: 1001 }, (_, i) =>
            rule({ type: 'isReply', value: true }, `r${i}`),
          ),
        },
        /definition\.rules/,
      ],
      [
        { rules: [rule(JSON.parse(nested(500).replace(/"a":/g, '"type":"not","condition":')))] },
        /nested deeper/,
      ],
    ];
    for (const [definition, path] of refused) {
      const response = await publish(definition);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.json())).toMatch(path);
    }
    expect(await countRows(dataSource, 'SELECT 1 FROM matching_rule_sets')).toBe(0);
    // A catastrophic-looking pattern RE2 runs in linear time is accepted.
    expect(
      (await publish({ rules: [rule({ type: 'textMatches', pattern: '(a+)+$' })] })).status,
    ).toBe(201);
  });

  it('DELETE /v1/customers/:id/personal-data: 400 bad id, 404 unknown, then erases idempotently, recording the admin', async () => {
    const { customerId } = await seedCustomer(dataSource, {
      identity: { platform: 'x', externalUserId: 'erase-me' },
      identifiers: [{ kind: 'email', value: 'erase-me@example.com' }],
    });
    const erase = (id: string) => send('DELETE', `/v1/customers/${id}/personal-data`);

    expect((await erase('not-a-uuid')).status).toBe(400);
    expect((await erase(randomUUID())).status).toBe(404);
    const first = await erase(customerId);
    const again = await erase(customerId);

    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({
      customerId,
      requestedBy: 'api_key:hostile-input-admin',
      erased: { identities: 1, identifiers: 1 },
    });
    expect(again.json()).toMatchObject({ erased: { identities: 0, identifiers: 0 } });
    expect(
      await countRows(dataSource, 'SELECT 1 FROM customer_identifiers WHERE customer_id = $1', [
        customerId,
      ]),
    ).toBe(0);
  });
});
