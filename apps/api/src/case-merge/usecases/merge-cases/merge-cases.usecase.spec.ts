import type { Principal } from '@scb/auth';
import type { CaseMergePlan, MergeCase, MergeWorkItem } from '@scb/cases';
import { ConflictError, NotFoundError } from '@scb/core';
import type { AppliedCaseMerge, WorkQueueChange } from '@scb/persistence';
import {
  InMemoryAuditLog,
  InMemoryUnitOfWork,
  ManualClock,
  RecordingWorkQueueChanges,
} from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { CaseMerger } from '../../case-merger';
import { MergeCases } from './merge-cases.usecase';

const supervisor: Principal = {
  kind: 'user',
  id: 'u-sup',
  name: 'sam@x.test',
  role: 'supervisor',
  agentId: null,
};
const aCase = (id: string, overrides: Partial<MergeCase> = {}): MergeCase => ({
  id,
  caseNumber: `CS-00000${id}`,
  customerId: 'cu-1',
  status: 'open',
  openedAt: new Date('2026-01-01T09:00:00Z'),
  ...overrides,
});
const anItem = (
  id: string,
  caseId: string,
  overrides: Partial<MergeWorkItem> = {},
): MergeWorkItem => ({
  id,
  caseId,
  status: 'queued',
  agentId: null,
  queue: 'default',
  priority: 3,
  queuedAt: new Date('2026-01-01T09:00:00Z'),
  createdAt: new Date('2026-01-01T09:00:00Z'),
  ...overrides,
});

/** The merge repository in memory: cases by id and number, items, and the plans applied. */
function fakeMerges(cases: MergeCase[], items: MergeWorkItem[]) {
  const applied: Array<{ plan: CaseMergePlan; by: string; at: Date }> = [];
  return {
    applied,
    lockCases: async (refs: string[]) =>
      new Map<string, MergeCase>(
        cases.flatMap((c): Array<[string, MergeCase]> =>
          refs.includes(c.id) || refs.includes(c.caseNumber)
            ? [
                [c.id, c],
                [c.caseNumber, c],
              ]
            : [],
        ),
      ),
    lockOpenCasesOf: async (customerId: string) =>
      cases.filter((c) => c.customerId === customerId && c.status === 'open'),
    lockActiveItems: async (caseIds: string[]) => items.filter((i) => caseIds.includes(i.caseId)),
    apply: async (plan: CaseMergePlan, by: string, at: Date): Promise<AppliedCaseMerge> => {
      applied.push({ plan, by, at });
      return {
        survivorId: plan.survivor.id,
        survivorNumber: plan.survivor.caseNumber,
        mergedIds: plan.merged.map((c) => c.id),
        mergedNumbers: plan.merged.map((c) => c.caseNumber),
        keptWorkItemId: plan.keep?.id ?? null,
        completed: plan.complete.map((i) => ({
          id: i.id,
          fromQueue: i.status === 'queued' ? i.queue : null,
        })),
      };
    },
  };
}

function setUp(cases: MergeCase[], items: MergeWorkItem[]) {
  const uow = new InMemoryUnitOfWork();
  const clock = new ManualClock('2026-02-01T10:00:00Z');
  const merges = fakeMerges(cases, items);
  const queueChanges = new RecordingWorkQueueChanges(uow);
  const stopped: string[] = [];
  const sla = { stop: async (id: string) => void stopped.push(id) };
  const log = new InMemoryAuditLog();
  const merger = new CaseMerger(uow, clock, merges, queueChanges, sla);
  const mergeCases = new MergeCases(merges, merger, new AuditTrail(uow, log));
  return { mergeCases, merges, queueChanges, stopped, log };
}

describe('MergeCases', () => {
  it('keeps the held item, completes the other (job removed, SLA stopped after commit), audited', async () => {
    const queued = anItem('w-1', '1', { priority: 1 });
    const held = anItem('w-2', '2', { status: 'assigned', agentId: 'ag-1' });
    const { mergeCases, merges, queueChanges, stopped, log } = setUp(
      [aCase('1'), aCase('2')],
      [queued, held],
    );

    const result = await mergeCases.execute({
      actor: supervisor,
      caseRef: 'CS-000002',
      intoRef: '1',
    });

    expect(result).toEqual({
      caseId: '1',
      caseNumber: 'CS-000001',
      mergedCaseIds: ['2'],
      mergedCaseNumbers: ['CS-000002'],
      keptWorkItemId: 'w-2',
      completedWorkItemIds: ['w-1'],
    });
    expect(merges.applied[0]).toMatchObject({
      by: 'sam@x.test',
      at: new Date('2026-02-01T10:00:00Z'),
    });
    expect(queueChanges.committed).toEqual<WorkQueueChange[]>([
      { workItemId: 'w-1', fromQueue: 'default' },
    ]);
    expect(stopped).toEqual(['w-1']);
    expect(log.entries).toEqual([
      expect.objectContaining({
        entity: 'cases',
        action: 'merge',
        entityId: '2',
        after: expect.objectContaining({ mergedInto: 'CS-000001' }),
      }),
    ]);
  });

  it('a queued item kept from the merged case is re-projected so its job names the survivor', async () => {
    const { mergeCases, queueChanges } = setUp(
      [aCase('1'), aCase('2')],
      [anItem('w-2', '2', { priority: 1 })],
    );
    await mergeCases.execute({ actor: supervisor, caseRef: '2', intoRef: '1' });
    expect(queueChanges.committed).toEqual([{ workItemId: 'w-2', fromQueue: 'default' }]);
  });

  it('refuses unknown cases (404) and cases of two customers (409 different_customers), unaudited', async () => {
    const { mergeCases, merges, log } = setUp([aCase('1'), aCase('3', { customerId: 'cu-2' })], []);
    await expect(
      mergeCases.execute({ actor: supervisor, caseRef: 'CS-000009', intoRef: '1' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      mergeCases.execute({ actor: supervisor, caseRef: '3', intoRef: '1' }),
    ).rejects.toThrow(ConflictError);
    await expect(
      mergeCases.execute({ actor: supervisor, caseRef: '3', intoRef: '1' }),
    ).rejects.toMatchObject({ reason: 'different_customers' });
    expect(merges.applied).toEqual([]);
    expect(log.entries).toEqual([]);
  });
});
