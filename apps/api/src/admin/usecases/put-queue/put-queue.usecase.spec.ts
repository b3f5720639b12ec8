import type { Principal } from '@scb/auth';
import { ValidationError } from '@scb/core';
import type { QueueConfig } from '@scb/persistence';
import { SlaPolicySchema } from '@scb/routing';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { PutQueue } from './put-queue.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};

const queue = (
  name: string,
  escalation: { toQueue?: string; notify?: string[] } = {},
): QueueConfig => ({
  name,
  description: name.toUpperCase(),
  skills: [],
  channels: ['phone'],
  slaPolicy: SlaPolicySchema.parse({ escalation }),
});

describe('PutQueue', () => {
  function setUp(allowedHosts: string[] = []) {
    const queues = new Map<string, QueueConfig>([['default', queue('default')]]);
    const config = {
      async queueExists(name: string) {
        return queues.has(name);
      },
      async findQueueConfig(name: string) {
        return queues.get(name) ?? null;
      },
      async upsertQueue(q: QueueConfig) {
        queues.set(q.name, q);
      },
    };
    const policy = {
      invalidations: 0,
      invalidate() {
        this.invalidations += 1;
      },
    };
    const log = new InMemoryAuditLog();
    const putQueue = new PutQueue(config, policy, new AuditTrail(new InMemoryUnitOfWork(), log), {
      SLA_WEBHOOK_ALLOWED_HOSTS: allowedHosts,
    });
    return { queues, policy, log, putQueue };
  }

  it('saves the queue, audits before and after, and invalidates the routing policy', async () => {
    const { queues, policy, log, putQueue } = setUp();
    const vip = queue('vip', { toQueue: 'default' });
    await expect(putQueue.execute({ actor: admin, queue: vip })).resolves.toEqual(vip);
    expect(queues.get('vip')).toEqual(vip);
    expect(policy.invalidations).toBe(1);
    expect(log.entries[0]).toMatchObject({
      entity: 'queue',
      action: 'upsert',
      entityId: 'vip',
      before: null,
    });
  });

  it('refuses escalation to a queue that does not exist, naming the field', async () => {
    const { queues, log, putQueue } = setUp();
    const refused = putQueue.execute({ actor: admin, queue: queue('vip', { toQueue: 'nowhere' }) });
    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toMatchObject({
      errors: [{ path: 'slaPolicy.escalation.toQueue' }],
    });
    expect(queues.has('vip')).toBe(false);
    expect(log.entries).toEqual([]);
  });

  it('refuses a webhook to a private address unless the allow-list permits its host', async () => {
    const target = 'http://10.0.0.7/hook';
    const refused = setUp().putQueue.execute({
      actor: admin,
      queue: queue('vip', { notify: [target] }),
    });
    await expect(refused).rejects.toMatchObject({
      errors: [{ path: 'slaPolicy.escalation.notify.0' }],
    });
    const allowed = setUp(['10.0.0.7']);
    await allowed.putQueue.execute({ actor: admin, queue: queue('vip', { notify: [target] }) });
    expect(allowed.queues.has('vip')).toBe(true);
  });
});
