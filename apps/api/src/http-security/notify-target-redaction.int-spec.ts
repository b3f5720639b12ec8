import type { DataSource } from 'typeorm';
import type { Role } from '@scb/auth';
import {
  authedClient,
  isolatedEnv,
  seedApiKey,
  seedCase,
  seedSession,
  createTestApp,
} from '@scb/testing';

/** Issue #14.5: SLA webhook URLs (secrets) are shown whole to admins only, on every route. */
describe('notify targets redacted for every role but admin (real Postgres)', () => {
  const env = isolatedEnv('redact');
  const secret = 'T000/B000/XXXXsecretXXXX';
  const hook = `https://hooks.slack.com/services/${secret}`;
  const basicAuthHook = 'https://bridge:pa55word@pager.example.com/notify';
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;

  beforeAll(async () => {
    // Neither host resolves on a machine without outside DNS: allowed, as an admin would.
    const testApp = await createTestApp('api', {
      ...env,
      SLA_WEBHOOK_ALLOWED_HOSTS: 'hooks.slack.com,pager.example.com',
    });
    ({ dataSource, baseUrl: base, close } = testApp);
    const admin = authedClient(base, await seedApiKey(dataSource, 'admin'));
    const queue = await admin('PUT', '/v1/admin/queues/billing', {
      description: 'Billing',
      slaPolicy: {
        targets: { '3': { firstResponseSeconds: 900, resolutionSeconds: 86_400 } },
        escalation: { raisePriority: true, notify: [hook, basicAuthHook, 'social-supervisors'] },
      },
    });
    expect(queue.status).toBe(200);
    // An SLA event as the router records it: the escalation applied, with its notify targets.
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at)
       VALUES ($1, 'billing', 'social', 2, 'test', now()) RETURNING id`,
      [c.caseId],
    );
    await dataSource.query(
      `INSERT INTO sla_events (work_item_id, case_id, queue_name, kind, stage, due_at, escalation)
       VALUES ($1, $2, 'billing', 'firstResponse', 'breached', now(), $3)`,
      [
        id,
        c.caseId,
        JSON.stringify({
          priority: [3, 2],
          queue: ['billing', 'billing'],
          notify: [hook, basicAuthHook, 'social-supervisors'],
        }),
      ],
    );
  });
  afterAll(() => close());

  const READS = [
    '/v1/admin/queues',
    '/v1/sla-events',
    '/v1/audit-log?limit=200',
    '/v1/queues',
    '/v1/dashboard/queues',
    '/v1/admin/routing-rules',
  ];

  it('shows viewers, supervisors and agents only the origin of a webhook, on every route they may read', async () => {
    const roles: Role[] = ['viewer', 'supervisor', 'agent'];
    for (const role of roles) {
      const call = authedClient(base, await seedSession(dataSource, { role, agentId: null }));
      let read = 0;
      for (const path of READS) {
        const response = await call<unknown>('GET', path);
        if (response.status === 403) continue;
        expect({ role, path, status: response.status }).toEqual({ role, path, status: 200 });
        read += 1;
        const text = JSON.stringify(response.body);
        expect({ role, path, leaks: text.includes(secret) || text.includes('pa55word') }).toEqual({
          role,
          path,
          leaks: false,
        });
      }
      expect(read).toBeGreaterThan(1);
    }
    const supervisor = authedClient(base, await seedApiKey(dataSource, 'supervisor'));
    const queues = await supervisor<{ items: Array<{ name: string; slaPolicy: unknown }> }>(
      'GET',
      '/v1/admin/queues',
    );
    expect(queues.body.items.find((q) => q.name === 'billing')?.slaPolicy).toMatchObject({
      escalation: {
        notify: ['https://hooks.slack.com/…', 'https://pager.example.com/…', 'social-supervisors'],
      },
    });
    const events = await supervisor<{ items: Array<{ escalation: { notify: string[] } }> }>(
      'GET',
      '/v1/sla-events',
    );
    expect(events.body.items[0].escalation.notify).toEqual([
      'https://hooks.slack.com/…',
      'https://pager.example.com/…',
      'social-supervisors',
    ]);
  });

  it('shows admins the whole URL (to edit it)', async () => {
    const admin = authedClient(base, await seedSession(dataSource, { role: 'admin' }));
    const queues = await admin<unknown>('GET', '/v1/admin/queues');
    expect(JSON.stringify(queues.body)).toContain(hook);
    const audit = await admin<unknown>('GET', '/v1/audit-log?entity=queue');
    expect(JSON.stringify(audit.body)).toContain(hook);
  });
});
