import type { Principal } from '@scb/auth';
import type { Agent } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import type { CreateAgentCommand } from './create-agent.command';
import { CreateAgent } from './create-agent.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};

describe('CreateAgent', () => {
  it('creates the agent and audits it with its new id in one unit of work', async () => {
    const agents = {
      async create(input: CreateAgentCommand['agent']): Promise<Agent> {
        return { ...input, id: 'a-1', presence: 'offline', lastHeartbeatAt: null };
      },
    };
    const uow = new InMemoryUnitOfWork();
    const log = new InMemoryAuditLog();
    const createAgent = new CreateAgent(agents, new AuditTrail(uow, log));
    const agent = await createAgent.execute({
      actor: admin,
      agent: {
        name: 'Bo',
        skills: ['billing'],
        queues: ['default'],
        capacity: { phone: 1, social: 3 },
      },
    });
    expect(agent).toMatchObject({ id: 'a-1', name: 'Bo' });
    expect(uow.committed).toBe(1);
    expect(log.entries).toEqual([
      expect.objectContaining({
        actor: { kind: 'user', id: 'u-admin', name: 'admin@x.test' },
        entity: 'agent',
        action: 'create',
        entityId: 'a-1',
        before: null,
        after: agent,
      }),
    ]);
  });
});
