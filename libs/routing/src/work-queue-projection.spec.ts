import { planWorkQueueProjection, type ProjectedItem } from './work-queue-projection';

const item = (id: string, over: Partial<ProjectedItem> = {}): ProjectedItem => ({
  id,
  queue: 'default',
  priority: 3,
  status: 'queued',
  ...over,
});
const change = (
  workItemId: string,
  fromQueue: string | null,
  traceparent: string | null = null,
) => ({
  workItemId,
  fromQueue,
  traceparent,
});

describe('planWorkQueueProjection', () => {
  it('adds a new waiting item with the newest trace, and nothing else', () => {
    const plan = planWorkQueueProjection(
      [change('a', null, '00-old'), change('a', null, '00-new')],
      [item('a')],
    );
    expect(plan).toEqual({
      remove: [],
      add: [{ ...item('a'), traceparent: '00-new' }],
      reprioritize: [],
    });
  });

  it('re-prioritizes a job that stays in its queue, and moves one whose queue changed', () => {
    const plan = planWorkQueueProjection(
      [change('raised', 'default'), change('moved', 'default')],
      [item('raised', { priority: 1 }), item('moved', { queue: 'escalations', priority: 2 })],
    );
    expect(plan.remove).toEqual([{ id: 'moved', queue: 'default' }]);
    expect(plan.add.map((i) => i.id)).toEqual(['raised', 'moved']);
    expect(plan.reprioritize).toEqual([item('raised', { priority: 1 })]);
  });

  it('removes the job of an item no longer waiting, whatever the order of its changes', () => {
    // Put back, then handed out again: the state at projection time (assigned) decides.
    const plan = planWorkQueueProjection(
      [change('x', null), change('x', 'default')],
      [item('x', { status: 'assigned' })],
    );
    expect(plan).toEqual({ remove: [{ id: 'x', queue: 'default' }], add: [], reprioritize: [] });
    const held = planWorkQueueProjection([change('y', null)], [item('y', { status: 'completed' })]);
    expect(held.remove).toEqual([{ id: 'y', queue: 'default' }]);
  });

  it('converges: the same changes projected twice give the same plan; unknown items lose named jobs', () => {
    const changes = [change('a', 'vip'), change('gone', 'default')];
    const items = [item('a', { queue: 'vip' })];
    expect(planWorkQueueProjection(changes, items)).toEqual(
      planWorkQueueProjection(changes, items),
    );
    expect(planWorkQueueProjection(changes, items).remove).toEqual([
      { id: 'gone', queue: 'default' },
    ]);
  });
});
