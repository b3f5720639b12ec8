import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { CrmCaseLinkRepository } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { SlaClock, WorkQueueProjector, type WorkQueueChangeRecorder } from '@scb/work-queues';
import type { ResolveCaseFromCrmCommand } from './resolve-case-from-crm.command';

/**
 * Resolves one of our cases because its CRM case was resolved, the way an agent's completion
 * does (`CompleteWork`), without an agent: in one unit of work the case is resolved and its
 * active work item (queued or held) completed with resolution code `crm:<connector>`, and the
 * item's BullMQ job removal is recorded (projected after commit); then its SLA timers stop.
 * Idempotent: a resolved case with no active item changes nothing. Returns whether the case
 * was open.
 */
@Injectable()
export class ResolveCaseFromCrm {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CrmCaseLinkRepository) private readonly crm: Pick<CrmCaseLinkRepository, 'resolveCase'>,
    @Inject(WorkQueueProjector) private readonly queueChanges: WorkQueueChangeRecorder,
    @Inject(SlaClock) private readonly sla: Pick<SlaClock, 'stop'>,
  ) {}

  async execute(command: ResolveCaseFromCrmCommand): Promise<boolean> {
    const outcome = await this.uow.run(async () => {
      const done = await this.crm.resolveCase(
        command.caseId,
        command.resolvedAt,
        `crm:${command.connector}`,
      );
      await this.queueChanges.record(
        done.items.map((item) => ({ workItemId: item.id, fromQueue: item.queue })),
      );
      return done;
    });
    for (const item of outcome.items) await this.sla.stop(item.id, ['firstResponse', 'resolution']);
    return outcome.resolved;
  }
}
