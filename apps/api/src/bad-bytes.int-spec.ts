import type { DataSource } from 'typeorm';
import {
  countRows,
  isolatedEnv,
  seedApiKey,
  seedUser,
  createTestApp,
  sendRaw,
  type RawResponse,
} from '@scb/testing';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

/** Issue #14.9: bad bytes anywhere in a request are a 400 problem naming where, never a 500. */
describe('API: NUL characters, invalid UTF-8 and out-of-range ids (real Postgres)', () => {
  const env = isolatedEnv('badbytes');
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let adminKey: string;

  const send = (
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = { authorization: `Bearer ${adminKey}` },
  ) => sendRaw(`${base}${path}`, method, body, headers);
  const expectProblem = (response: RawResponse, status: number, path?: string) => {
    expect({ status: response.status, type: response.type }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    const problem = response.json<Problem>();
    expect(problem).toMatchObject({
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
    if (path) expect(problem.errors?.map((e) => e.path)).toContain(path);
  };

  beforeAll(async () => {
    const testApp = await createTestApp('api', env);
    ({ dataSource, baseUrl: base, close } = testApp);
    adminKey = await seedApiKey(dataSource, 'admin', 'bad-bytes-admin');
  });
  afterAll(() => close());

  it('a NUL in any body field → 400 naming the field, nothing stored', async () => {
    for (const [body, path] of [
      [{ name: 'a\u0000b' }, 'name'],
      [{ name: 'ok', skills: ['x', 'y\u0000'] }, 'skills.1'],
      [{ name: 'ok', queues: ['default'], ['k\u0000']: 1 }, 'k\u0000'],
    ] as const) {
      expectProblem(await send('POST', '/v1/agents', JSON.stringify(body)), 400, path);
    }
    const user = {
      email: 'nul@example.com',
      displayName: 'N\u0000L',
      role: 'viewer',
      password: 'a-long-enough-password',
    };
    expectProblem(await send('POST', '/v1/admin/users', JSON.stringify(user)), 400, 'displayName');
    expect(await countRows(dataSource, 'SELECT 1 FROM agents')).toBe(0);
    expect(await countRows(dataSource, "SELECT 1 FROM users WHERE email = 'nul@example.com'")).toBe(
      0,
    );
  });

  it('login with a NUL in the email or password → 400, not 500', async () => {
    const { user, password } = await seedUser(dataSource, { role: 'viewer' });
    for (const [body, path] of [
      [{ email: `${user.email}\u0000`, password }, 'email'],
      [{ email: user.email, password: `${password}\u0000` }, 'password'],
    ] as const) {
      expectProblem(await send('POST', '/v1/auth/login', JSON.stringify(body), {}), 400, path);
    }
  });

  it('a NUL in a filter, a path parameter or the session cookie → 400 naming it', async () => {
    for (const [path, where] of [
      ['/v1/agents?queue=%00', 'query.queue'],
      ['/v1/audit-log?actor=a%00b', 'query.actor'],
      ['/v1/dashboard/mentions?queue=%00', 'query.queue'],
      ['/v1/sla-events?queue=q%00', 'query.queue'],
      ['/v1/cases/%00', 'path'],
      ['/v1/admin/matching-rules/%00', 'path'],
    ])
      expectProblem(await send('GET', path), 400, where);
    expectProblem(
      await send('PUT', '/v1/admin/queues/q%00', JSON.stringify({}), {
        authorization: `Bearer ${adminKey}`,
      }),
      400,
      'path',
    );
    expectProblem(
      await send('GET', '/v1/auth/me', undefined, { cookie: 'scb_session=abc%00def' }),
      400,
      'cookie.scb_session',
    );
  });

  it('a JSON body that is not valid UTF-8 → 400, never stored as U+FFFD', async () => {
    const name = Buffer.concat([
      Buffer.from('{"name":"caf'),
      Buffer.from([0xe9]), // Latin-1 é: not UTF-8
      Buffer.from('"}'),
    ]);
    const response = await send('POST', '/v1/agents', name);
    expectProblem(response, 400);
    expect(response.json<Problem>().detail).toMatch(/UTF-8/);
    const surrogate = Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22]);
    expectProblem(
      await send(
        'POST',
        '/v1/agents',
        Buffer.concat([surrogate, Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      ),
      400,
    );
    expect(await countRows(dataSource, 'SELECT 1 FROM agents')).toBe(0);
  });

  it('out-of-range or malformed numeric ids → 400, unknown ones → 404, never 500', async () => {
    for (const version of ['99999999999', '2147483648', '0', '-1', '1.5', '1e3', 'abc'])
      expectProblem(await send('GET', `/v1/admin/matching-rules/${version}`), 400, 'version');
    expectProblem(await send('GET', '/v1/admin/matching-rules/2147483647'), 404);
  });
});
