import { Module } from '@nestjs/common';
import { Database, PhoneWorkRepository } from '@scb/persistence';
import { RoutingPolicyCache, SlaClock, WorkQueueProjector } from '@scb/work-queues';
import { PhoneIntakeService } from './phone-intake.service';
import { OpenPhoneWork } from './usecases/open-phone-work/open-phone-work.usecase';

/** Phone work from the phone system (ACD/IVR) into the shared queues. */
@Module({
  providers: [
    {
      provide: PhoneIntakeService,
      inject: [PhoneWorkRepository, RoutingPolicyCache, Database, WorkQueueProjector, SlaClock],
      useFactory: (
        repo: PhoneWorkRepository,
        policy: RoutingPolicyCache,
        db: Database,
        projector: WorkQueueProjector,
        sla: SlaClock,
      ) => new PhoneIntakeService(repo, policy, db, projector, sla),
    },
    OpenPhoneWork,
  ],
  exports: [OpenPhoneWork],
})
export class PhoneIntakeModule {}
