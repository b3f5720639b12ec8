import type { Principal } from '@scb/auth';
import { ValidationError } from '@scb/core';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import type { CreateRoutingRuleCommand } from './create-routing-rule.command';
import { CreateRoutingRule } from './create-routing-rule.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};
const rule = (targetQueue: string): CreateRoutingRuleCommand['rule'] => ({
  name: 'complaints first',
  enabled: true,
  conditions: { categories: ['complaint'] },
  targetQueue,
  priorityAdjustment: -1,
  requiredSkills: [],
});

describe('CreateRoutingRule', () => {
  function setUp() {
    const created: unknown[] = [];
    const config = {
      async queueExists(name: string) {
        return name === 'default';
      },
      async createRule(input: CreateRoutingRuleCommand['rule']) {
        created.push(input);
        return { id: 'r-1', position: 10 };
      },
    };
    const policy = {
      invalidations: 0,
      invalidate() {
        this.invalidations += 1;
      },
    };
    const log = new InMemoryAuditLog();
    const createRule = new CreateRoutingRule(
      config,
      policy,
      new AuditTrail(new InMemoryUnitOfWork(), log),
    );
    return { created, policy, log, createRule };
  }

  it('creates the rule, audits it with its id, and invalidates the routing policy', async () => {
    const { policy, log, createRule } = setUp();
    const result = await createRule.execute({ actor: admin, rule: rule('default') });
    expect(result).toMatchObject({ id: 'r-1', targetQueue: 'default', name: 'complaints first' });
    expect(policy.invalidations).toBe(1);
    expect(log.entries[0]).toMatchObject({
      entity: 'routing_rule',
      action: 'create',
      entityId: 'r-1',
    });
  });

  it('refuses an unknown target queue before writing anything', async () => {
    const { created, policy, log, createRule } = setUp();
    const refused = createRule.execute({ actor: admin, rule: rule('nowhere') });
    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toMatchObject({ errors: [{ path: 'targetQueue' }] });
    expect(created).toEqual([]);
    expect(policy.invalidations).toBe(0);
    expect(log.entries).toEqual([]);
  });
});
