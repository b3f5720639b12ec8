import { planMirrorRepair } from './queue-mirror';
import { workItemJobId } from './queue-router';

describe('queue mirror repair', () => {
  it('adds missing jobs and removes jobs of items no longer waiting, per queue', () => {
    const plan = planMirrorRepair(
      [
        { id: 'a', queue: 'billing' },
        { id: 'b', queue: 'billing' },
        { id: 'c', queue: 'social' },
      ],
      new Map([
        ['billing', [workItemJobId('a'), workItemJobId('z')]],
        // `c` was moved to social by an escalation; its old job in billing must go.
        ['social', []],
        ['phone', [workItemJobId('c')]],
      ]),
    );
    expect(plan.add).toEqual(['b', 'c']);
    expect(plan.remove).toEqual([
      { queue: 'billing', jobId: workItemJobId('z') },
      { queue: 'phone', jobId: workItemJobId('c') },
    ]);
  });

  it('changes nothing when the mirror is exact', () => {
    expect(
      planMirrorRepair([{ id: 'a', queue: 'q' }], new Map([['q', [workItemJobId('a')]]])),
    ).toEqual({ add: [], remove: [] });
  });

  it('adds every waiting item of a queue BullMQ has never seen', () => {
    expect(planMirrorRepair([{ id: 'a', queue: 'new' }], new Map()).add).toEqual(['a']);
  });
});
