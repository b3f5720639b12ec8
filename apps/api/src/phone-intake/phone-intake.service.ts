import type { UnitOfWork } from '@scb/core';
import type { PhoneCall, PhoneWorkRepository } from '@scb/persistence';
import { callToRoute, chooseQueue } from '@scb/routing';
import type { RoutingPolicyCache, SlaClock, WorkQueueChangeRecorder } from '@scb/work-queues';

/**
 * Phone work enters the same queues as social work, by the same routing rules: `chooseQueue`
 * sees the call's category, priority, language and tags and its customer's tier (`callToRoute`;
 * a call has no sentiment, so sentiment conditions are not met by calls).
 */
export class PhoneIntakeService {
  constructor(
    private readonly phoneWork: PhoneWorkRepository,
    private readonly policy: RoutingPolicyCache,
    private readonly uow: UnitOfWork,
    private readonly queueChanges: WorkQueueChangeRecorder,
    private readonly sla: SlaClock,
  ) {}

  async open(call: PhoneCall) {
    const policy = await this.policy.current();
    const work = await this.uow.run(async () => {
      const opened = await this.phoneWork.openPhoneWork(call, (w) =>
        chooseQueue(
          callToRoute(
            {
              priority: w.priority,
              category: w.category ?? null,
              language: w.language ?? null,
              tags: w.tags ?? [],
            },
            w.tier,
          ),
          policy,
        ),
      );
      // Projected after commit; the job's id is the item's, so a retried call adds nothing.
      if (opened.workItem.status === 'queued')
        await this.queueChanges.record([{ workItemId: opened.workItem.id, fromQueue: null }]);
      return opened;
    });
    await this.sla.start([work.workItem.id]);
    return work;
  }
}
