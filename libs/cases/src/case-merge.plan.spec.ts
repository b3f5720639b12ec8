import {
  CaseMergeRefused,
  itemToKeep,
  oldestCase,
  planCaseMerge,
  type MergeCase,
  type MergeWorkItem,
} from './case-merge.plan';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 9, minutes));
const aCase = (id: string, overrides: Partial<MergeCase> = {}): MergeCase => ({
  id,
  caseNumber: `CS-${id}`,
  customerId: 'cu-1',
  status: 'open',
  openedAt: at(0),
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
  queuedAt: at(0),
  createdAt: at(0),
  ...overrides,
});

describe('case merge planning', () => {
  it('keeps the assigned item (the holder), whichever case it is on; completes the others', () => {
    const survivor = aCase('a');
    const merged = aCase('b');
    const queued = anItem('w-a', 'a', { priority: 1 });
    const held = anItem('w-b', 'b', { status: 'assigned', agentId: 'ag-1' });
    const plan = planCaseMerge(survivor, [merged], [queued, held]);
    expect(plan.keep).toBe(held);
    expect(plan.complete).toEqual([queued]);
    expect(plan.merged).toEqual([merged]);
  });

  it('without a holder keeps the best-placed queued item: most urgent, then longest waiting', () => {
    const items = [
      anItem('w-1', 'a', { priority: 3, queuedAt: at(1) }),
      anItem('w-2', 'b', { priority: 2, queuedAt: at(5) }),
      anItem('w-3', 'c', { priority: 2, queuedAt: at(3) }),
    ];
    expect(itemToKeep('a', items)?.id).toBe('w-3');
    expect(itemToKeep('a', [])).toBeNull();
  });

  it("of two held items the survivor's own is kept", () => {
    const items = [
      anItem('w-1', 'b', { status: 'assigned', agentId: 'x', queuedAt: at(0) }),
      anItem('w-2', 'a', { status: 'assigned', agentId: 'y', queuedAt: at(9) }),
    ];
    expect(itemToKeep('a', items)?.id).toBe('w-2');
  });

  it('the oldest open case survives a customer merge; one open case means nothing to merge', () => {
    const older = aCase('old', { openedAt: at(1) });
    const newer = aCase('new', { openedAt: at(7) });
    const resolved = aCase('res', { openedAt: at(0), status: 'resolved' });
    expect(oldestCase([newer, resolved, older])).toBe(older);
    expect(oldestCase([newer, resolved])).toBeNull();
  });

  it('refuses self-merges, merged cases and cases of another customer, with a reason', () => {
    const a = aCase('a');
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as CaseMergeRefused).reason;
      }
      return null;
    };
    expect(reason(() => planCaseMerge(a, [a], []))).toBe('same-case');
    expect(reason(() => planCaseMerge(a, [aCase('m', { status: 'merged' })], []))).toBe(
      'already-merged',
    );
    expect(reason(() => planCaseMerge(a, [aCase('o', { customerId: 'cu-2' })], []))).toBe(
      'different-customers',
    );
    expect(reason(() => planCaseMerge(a, [], []))).toBe('nothing-to-merge');
  });

  it('a resolved case may be merged into an open one (no work item to move)', () => {
    const plan = planCaseMerge(
      aCase('a'),
      [aCase('r', { status: 'resolved' })],
      [anItem('w-a', 'a')],
    );
    expect(plan.keep?.id).toBe('w-a');
    expect(plan.complete).toEqual([]);
  });
});
