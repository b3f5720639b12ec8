import type { Principal } from '@scb/auth';
import { ConflictError, ForbiddenError, NotFoundError } from '@scb/core';
import type { AuditEntry, StoredIdentity } from '@scb/persistence';
import { InMemoryUnitOfWork, ManualClock } from '@scb/testing';
import { DecideIdentityClaim, type IdentityGraph } from './decide-identity-claim.usecase';

const claim = (overrides: Partial<StoredIdentity> = {}): StoredIdentity => ({
  id: 'id-1',
  customerId: 'cu-1',
  store: 'account',
  kind: 'x',
  value: '4242',
  handle: 'ana',
  trust: 'claimed',
  source: 'matcher',
  evidence: { kind: 'phone', value: '+13125322341', externalId: '99' },
  learntAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

const supervisor: Principal = {
  kind: 'user',
  id: 'u-1',
  name: 'sue@example.com',
  role: 'supervisor',
  agentId: null,
};

/** The graph as a map of one customer's identities, recording what the use case did. */
function fakeGraph(identity: StoredIdentity | null, holders: string[] = []) {
  const calls: string[] = [];
  const graph: IdentityGraph = {
    customer: async (id) => (id === 'cu-1' ? { mergedInto: null } : null),
    find: async (_customer, id) => (identity && identity.id === id ? identity : null),
    holders: async () => holders,
    confirm: async (i, c) => (
      calls.push(`confirm ${i.id} by ${c.by}`),
      { ...i, trust: 'proven', source: 'agent' }
    ),
    forgetIdentifier: async (i) => void calls.push(`forget ${i.id}`),
    detachAccount: async (i) => (
      calls.push(`detach ${i.id}`),
      {
        personaId: 'p-1',
        case: { id: 'c-9', caseNumber: 'CS-000009', priority: 2, category: 'modem' },
        movedInteractions: 2,
      }
    ),
    queueCase: async (caseId, choice) => (calls.push(`queue ${caseId} in ${choice.queue}`), 'w-9'),
  };
  return { graph, calls };
}

function subject(graph: IdentityGraph) {
  const audit: AuditEntry[] = [];
  const queued: string[] = [];
  const uow = new InMemoryUnitOfWork();
  const usecase = new DecideIdentityClaim(
    uow,
    new ManualClock('2026-02-01T00:00:00Z'),
    graph,
    { record: async (e) => void audit.push(e) },
    async () => ({
      queue: 'default',
      priority: 2,
      requiredSkills: [],
      ruleId: null,
      explanation: 'default',
    }),
    {
      record: async (ids) => void queued.push(...ids.map((id) => `record ${id}`)),
      startSla: async (ids) => void queued.push(...ids.map((id) => `sla ${id}`)),
    },
  );
  return { usecase, audit, queued, uow };
}

const command = (decision: 'confirm' | 'detach', actor = supervisor) => ({
  customerId: 'cu-1',
  identityId: 'id-1',
  decision,
  actor,
});

describe('DecideIdentityClaim', () => {
  it('confirms a claim and audits it', async () => {
    const { graph, calls } = fakeGraph(claim());
    const { usecase, audit } = subject(graph);
    const result = await usecase.execute(command('confirm'));
    expect(result.identity).toMatchObject({ trust: 'proven', source: 'agent' });
    expect(calls).toEqual(['confirm id-1 by sue@example.com']);
    expect(audit).toEqual([
      expect.objectContaining({
        entity: 'customer_identity',
        entityId: 'id-1',
        action: 'confirm',
        before: { customerId: 'cu-1', trust: 'claimed', source: 'matcher' },
      }),
    ]);
  });

  it('detaches an account: its posts move to a case of its own, queued in the unit of work, SLA after', async () => {
    const { graph, calls } = fakeGraph(claim());
    const { usecase, audit, queued } = subject(graph);
    const result = await usecase.execute(command('detach'));
    expect(calls).toEqual(['detach id-1', 'queue c-9 in default']);
    expect(queued).toEqual(['record w-9', 'sla w-9']);
    expect(result.detached).toMatchObject({ personaId: 'p-1', workItemId: 'w-9' });
    expect(audit[0]).toMatchObject({
      action: 'detach',
      after: { customerId: 'p-1', movedToCase: 'CS-000009' },
    });
  });

  it('detaches a typed identifier by forgetting it', async () => {
    const { graph, calls } = fakeGraph(claim({ store: 'identifier', kind: 'phone' }));
    const { usecase, queued } = subject(graph);
    await usecase.execute(command('detach'));
    expect(calls).toEqual(['forget id-1']);
    expect(queued).toEqual([]);
  });

  it('refuses with reasons: unknown customer or identity, a proven identity, an agent not holding a case', async () => {
    const { usecase } = subject(fakeGraph(claim()).graph);
    await expect(usecase.execute({ ...command('confirm'), customerId: 'cu-2' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      usecase.execute({ ...command('confirm'), identityId: 'id-2' }),
    ).rejects.toMatchObject({ reason: 'identity_not_found' });
    const proven = subject(fakeGraph(claim({ trust: 'proven' })).graph).usecase;
    await expect(proven.execute(command('detach'))).rejects.toThrow(ConflictError);
    const agent: Principal = { ...supervisor, role: 'agent', agentId: 'a-2' };
    const held = subject(fakeGraph(claim(), ['a-1']).graph);
    await expect(held.usecase.execute(command('confirm', agent))).rejects.toThrow(ForbiddenError);
    expect(held.uow.rolledBack).toBe(1);
    await expect(
      subject(fakeGraph(claim(), ['a-2']).graph).usecase.execute(command('confirm', agent)),
    ).resolves.toMatchObject({ decision: 'confirm' });
  });
});
