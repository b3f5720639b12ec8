import type { Principal } from '@scb/auth';
import { NotFoundError } from '@scb/core';
import type { RoutingRule } from '@scb/routing';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { DeleteRoutingRule } from './delete-routing-rule.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};

describe('DeleteRoutingRule', () => {
  function setUp() {
    const vip: RoutingRule = {
      id: 'r-1',
      position: 10,
      name: 'vip',
      enabled: true,
      conditions: { tiers: ['vip'] },
      targetQueue: 'vip',
      priorityAdjustment: -1,
      requiredSkills: [],
    };
    const rules = new Map([[vip.id, vip]]);
    const config = {
      async findRule(id: string) {
        return rules.get(id) ?? null;
      },
      async deleteRule(id: string) {
        return rules.delete(id);
      },
    };
    const policy = {
      invalidations: 0,
      invalidate() {
        this.invalidations += 1;
      },
    };
    const log = new InMemoryAuditLog();
    const deleteRule = new DeleteRoutingRule(
      config,
      policy,
      new AuditTrail(new InMemoryUnitOfWork(), log),
    );
    return { rules, policy, log, deleteRule };
  }

  it('deletes the rule, audits what it was, and invalidates the routing policy', async () => {
    const { rules, policy, log, deleteRule } = setUp();
    await deleteRule.execute({ actor: admin, id: 'r-1' });
    expect(rules.size).toBe(0);
    expect(policy.invalidations).toBe(1);
    expect(log.entries[0]).toMatchObject({
      entity: 'routing_rule',
      action: 'delete',
      entityId: 'r-1',
      before: { name: 'vip' },
    });
  });

  it('answers NotFoundError for an unknown rule, audits nothing and keeps the policy', async () => {
    const { policy, log, deleteRule } = setUp();
    await expect(deleteRule.execute({ actor: admin, id: 'r-none' })).rejects.toThrow(NotFoundError);
    expect(policy.invalidations).toBe(0);
    expect(log.entries).toEqual([]);
  });
});
