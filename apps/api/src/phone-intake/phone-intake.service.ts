import type { PhoneCall, PhoneWorkRepository } from '@scb/persistence';
import type { RoutingPolicyCache, SlaClock } from '@scb/platform';
import { chooseQueue } from '@scb/routing';
import type { WorkQueueGateway } from '@scb/work-queues';

/** Phone work enters the same queues as social work, by the same routing rules. */
export class PhoneIntakeService {
  constructor(
    private readonly phoneWork: PhoneWorkRepository,
    private readonly policy: RoutingPolicyCache,
    private readonly queues: WorkQueueGateway,
    private readonly sla: SlaClock,
  ) {}

  async open(call: PhoneCall) {
    const policy = await this.policy.current();
    const work = await this.phoneWork.openPhoneWork(call, (w) =>
      chooseQueue({ channel: 'phone', priority: w.priority, category: w.category }, policy),
    );
    if (work.workItem.status === 'queued') {
      // Idempotent by job id; priority follows the call when it raised a waiting item's urgency.
      await this.queues.enqueue([
        {
          id: work.workItem.id,
          caseId: work.case.id,
          caseNumber: work.case.caseNumber,
          queue: work.workItem.queue,
          channel: 'phone',
          priority: work.workItem.priority,
        },
      ]);
    }
    await this.sla.start([work.workItem.id]);
    return work;
  }
}
