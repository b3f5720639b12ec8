import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { appUrl, authedClient, isolatedEnv, seedApiKey, createTestApp } from '@scb/testing';

/** Issue #14.8: SLA webhook targets that reach inside the network are refused when saved. */
describe('SLA webhook targets checked on save (real Postgres)', () => {
  const env = isolatedEnv('ssrfsave');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let admin: ReturnType<typeof authedClient>;

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      SLA_WEBHOOK_ALLOWED_HOSTS: '127.0.0.2, 10.20.0.0/16',
    });
    ({ app, dataSource, close } = testApp);
    admin = authedClient(await appUrl(app), await seedApiKey(dataSource, 'admin'));
  });

  afterAll(() => close?.());

  const put = (notify: string[]) =>
    admin<{ errors?: Array<{ path: string; message: string }> }>(
      'PUT',
      '/v1/admin/queues/ssrf-save',
      { slaPolicy: { escalation: { notify } } },
    );

  it.each([
    'http://127.0.0.1:6379/',
    'http://localhost/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/',
    'http://10.0.0.7/hook',
    'http://192.168.0.10/hook',
    'http://[fd12::1]/hook',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://vm/hook', // a name resolving to loopback (/etc/hosts)
  ])('refuses %s with 400 naming the entry, and saves nothing', async (target) => {
    const res = await put(['social-supervisors', target]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'slaPolicy.escalation.notify.1', message: expect.stringMatching(/refused: /) },
    ]);
    const [{ count }]: Array<{ count: string }> = await dataSource.query(
      `SELECT count(*) FROM queues WHERE name = 'ssrf-save'`,
    );
    expect(Number(count)).toBe(0);
  });

  it('saves targets the allow-list permits, and group names', async () => {
    const notify = ['social-supervisors', 'http://127.0.0.2:9000/hook', 'http://10.20.3.4/hook'];
    const res = await put(notify);
    expect(res.status).toBe(200);
    const list = await admin<{ items: Array<{ name: string; slaPolicy: unknown }> }>(
      'GET',
      '/v1/admin/queues',
    );
    expect(list.body.items.find((q) => q.name === 'ssrf-save')?.slaPolicy).toMatchObject({
      escalation: { notify },
    });
  });
});
