import { Module } from '@nestjs/common';
import { PhoneWorkRepository } from '@scb/persistence';
import { RoutingPolicyCache, SlaClock } from '@scb/platform';
import { WorkQueueGateway } from '@scb/work-queues';
import { PhoneIntakeService } from './phone-intake.service';
import { OpenPhoneWork } from './usecases/open-phone-work/open-phone-work.usecase';

/** Phone work from the phone system (ACD/IVR) into the shared queues. */
@Module({
  providers: [
    {
      provide: PhoneIntakeService,
      inject: [PhoneWorkRepository, RoutingPolicyCache, WorkQueueGateway, SlaClock],
      useFactory: (
        repo: PhoneWorkRepository,
        policy: RoutingPolicyCache,
        queues: WorkQueueGateway,
        sla: SlaClock,
      ) => new PhoneIntakeService(repo, policy, queues, sla),
    },
    OpenPhoneWork,
  ],
  exports: [OpenPhoneWork],
})
export class PhoneIntakeModule {}
