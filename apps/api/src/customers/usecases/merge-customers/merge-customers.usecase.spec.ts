import type { Principal } from '@scb/auth';
import { ConflictError, NotFoundError } from '@scb/core';
import { CustomerMergeRefused, type MergeEvidence, type MergeResult } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { MergeCustomers } from './merge-customers.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};
const moved: MergeResult = { identities: 1, identifiers: 2, cases: 1, interactions: 3 };

describe('MergeCustomers', () => {
  function setUp(
    merge: (from: string, into: string, evidence: MergeEvidence) => Promise<MergeResult>,
    caseMerger?: ConstructorParameters<typeof MergeCustomers>[2],
  ) {
    const uow = new InMemoryUnitOfWork();
    /** afterCommit is refused outside a unit of work: whether the merge ran inside one. */
    const inUnitOfWork = () => {
      try {
        uow.afterCommit(() => undefined);
        return true;
      } catch {
        return false;
      }
    };
    const calls: Array<{ evidence: MergeEvidence; inUnitOfWork: boolean }> = [];
    const merges = {
      merge: (from: string, into: string, evidence: MergeEvidence) => {
        calls.push({ evidence, inUnitOfWork: inUnitOfWork() });
        return merge(from, into, evidence);
      },
    };
    const log = new InMemoryAuditLog();
    const mergeCustomers = new MergeCustomers(merges, new AuditTrail(uow, log), caseMerger);
    return { calls, log, mergeCustomers };
  }

  it("merges in the unit of work's transaction with the admin's reason as evidence, audited", async () => {
    const { calls, log, mergeCustomers } = setUp(async () => moved);
    const result = await mergeCustomers.execute({
      actor: admin,
      fromId: 'c-a',
      intoId: 'c-b',
      reason: 'same person',
    });
    expect(result).toEqual({
      mergedCustomerId: 'c-a',
      intoCustomerId: 'c-b',
      moved,
      caseMerge: null,
    });
    expect(calls).toEqual([
      { evidence: { kind: 'manual', value: 'same person' }, inUnitOfWork: true },
    ]);
    expect(log.entries).toEqual([
      expect.objectContaining({
        entity: 'customers',
        action: 'merge',
        entityId: 'c-a',
        after: { intoCustomerId: 'c-b', reason: 'same person' },
      }),
    ]);
  });

  it('turns refusals into NotFoundError and ConflictError, with no audit entry', async () => {
    const missing = setUp(() =>
      Promise.reject(new CustomerMergeRefused('not-found', 'customer c-a does not exist')),
    );
    await expect(
      missing.mergeCustomers.execute({ actor: admin, fromId: 'c-a', intoId: 'c-b', reason: 'r' }),
    ).rejects.toThrow(new NotFoundError('customer c-a does not exist'));
    const self = setUp(() =>
      Promise.reject(
        new CustomerMergeRefused('conflict', 'a customer cannot be merged into itself'),
      ),
    );
    await expect(
      self.mergeCustomers.execute({ actor: admin, fromId: 'c-a', intoId: 'c-a', reason: 'r' }),
    ).rejects.toThrow(ConflictError);
    expect([...missing.log.entries, ...self.log.entries]).toEqual([]);
  });

  it("then folds the customer's open cases into the oldest, in the same unit of work, audited", async () => {
    const folded: Array<{ customerId: string; by: string }> = [];
    const { log, mergeCustomers } = setUp(async () => moved, {
      mergeOpenCasesOf: async (customerId, by) => {
        folded.push({ customerId, by });
        return {
          survivorId: 'k-old',
          survivorNumber: 'CS-000001',
          mergedIds: ['k-new'],
          mergedNumbers: ['CS-000002'],
          keptWorkItemId: 'w-held',
          completed: [{ id: 'w-queued', fromQueue: 'default' }],
        };
      },
    });
    const result = await mergeCustomers.execute({
      actor: admin,
      fromId: 'c-a',
      intoId: 'c-b',
      reason: 'same person',
    });
    const caseMerge = {
      caseId: 'k-old',
      caseNumber: 'CS-000001',
      mergedCaseIds: ['k-new'],
      mergedCaseNumbers: ['CS-000002'],
      keptWorkItemId: 'w-held',
      completedWorkItemIds: ['w-queued'],
    };
    expect(folded).toEqual([{ customerId: 'c-b', by: 'admin@x.test' }]);
    expect(result.caseMerge).toEqual(caseMerge);
    expect(log.entries).toEqual([
      expect.objectContaining({
        entity: 'customers',
        action: 'merge',
        after: { intoCustomerId: 'c-b', reason: 'same person', caseMerge },
      }),
    ]);
  });
});
