import type { DataSource } from 'typeorm';
import { createTestApp, seedUser, type TestApp } from '@scb/testing';

/** Issue #14.7: the sign-in throttle on real Redis, shared by two api instances. */
describe('sign-in throttle (real Postgres and Redis, two api instances)', () => {
  let testApp: TestApp;
  let bases: string[];
  let dataSource: DataSource;

  const login = (base: string, email: string, password: string, address: string) =>
    fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password }),
    });

  beforeAll(async () => {
    // TRUST_PROXY: the tests play several client addresses through X-Forwarded-For.
    testApp = await createTestApp('api', { TRUST_PROXY: 'true' });
    ({ dataSource } = testApp);
    bases = [testApp.baseUrl, (await testApp.start()).baseUrl];
  });
  afterAll(() => testApp.close());

  it('evaluates at most 10 of 30 parallel wrong passwords for one email, spread over both instances', async () => {
    const { user } = await seedUser(dataSource, { role: 'viewer' });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login(bases[i % 2], user.email, `wrong guess ${i}`, '203.0.113.7').then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('shares the count between the instances: failures on one lock the pair on the other', async () => {
    const { user, password } = await seedUser(dataSource, { role: 'viewer' });
    for (let i = 0; i < 10; i += 1)
      expect((await login(bases[0], user.email, `wrong ${i}`, '203.0.113.8')).status).toBe(401);
    const refused = await login(bases[1], user.email, password, '203.0.113.8');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await refused.json()).toMatchObject({ reason: 'too_many_attempts' });
  });

  it('does not lock the owner out when one address hammers their email', async () => {
    const { user, password } = await seedUser(dataSource, { role: 'viewer' });
    for (let i = 0; i < 12; i += 1) await login(bases[i % 2], user.email, `x${i}`, '198.51.100.9');
    expect((await login(bases[0], user.email, password, '198.51.100.9')).status).toBe(429);
    const owner = await login(bases[1], user.email, password, '192.0.2.44');
    expect(owner.status).toBe(200);
  });

  it('refuses an address trying many emails', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 51; i += 1)
      statuses.push(
        (await login(bases[i % 2], `nobody${i}@example.com`, 'x', '192.0.2.99')).status,
      );
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
  });
});
