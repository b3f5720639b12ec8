import { Module } from '@nestjs/common';
import type { Clock, UnitOfWork } from '@scb/core';
import {
  AuditLogRepository,
  CustomerIdentityRepository,
  Database,
  IdentifierSettingsRepository,
} from '@scb/persistence';
import { CLOCK, UNIT_OF_WORK } from '@scb/platform';
import { chooseQueue } from '@scb/routing';
import { RoutingPolicyCache, SlaClock, WorkQueueProjector } from '@scb/work-queues';
import { IdentitiesController } from './identities.controller';
import { IDENTITY_AUDIT, IDENTITY_POLICY_READER } from './identity-tokens';
import {
  DecideIdentityClaim,
  type AuditRecorder,
} from './usecases/decide-identity-claim/decide-identity-claim.usecase';
import { SetIdentityPolicy } from './usecases/set-identity-policy/set-identity-policy.usecase';
import { AddCustomerIdentifier } from './usecases/add-customer-identifier/add-customer-identifier.usecase';

/**
 * Issue 12 items 1 and 2: the agent's confirm / detach of claimed identities and the admin's
 * identity policy. Needs the global DatabaseModule, WorkQueuesModule and RoutingConfigModule.
 */
@Module({
  controllers: [IdentitiesController],
  providers: [
    {
      provide: CustomerIdentityRepository,
      inject: [Database],
      useFactory: (db: Database) => new CustomerIdentityRepository(db),
    },
    { provide: IDENTITY_POLICY_READER, useExisting: CustomerIdentityRepository },
    // Over the Database, the audit entry joins the decision's unit of work.
    { provide: IDENTITY_AUDIT, useExisting: AuditLogRepository },
    {
      provide: DecideIdentityClaim,
      inject: [
        UNIT_OF_WORK,
        CLOCK,
        CustomerIdentityRepository,
        IDENTITY_AUDIT,
        RoutingPolicyCache,
        WorkQueueProjector,
        SlaClock,
      ],
      useFactory: (
        uow: UnitOfWork,
        clock: Clock,
        graph: CustomerIdentityRepository,
        audit: AuditRecorder,
        policy: RoutingPolicyCache,
        projector: WorkQueueProjector,
        sla: SlaClock,
      ) =>
        new DecideIdentityClaim(
          uow,
          clock,
          graph,
          audit,
          async (work) =>
            chooseQueue(
              { channel: 'social', priority: work.priority, category: work.category },
              await policy.current(),
            ),
          {
            record: (workItemIds) =>
              projector.record(workItemIds.map((workItemId) => ({ workItemId, fromQueue: null }))),
            startSla: (workItemIds) => sla.start(workItemIds),
          },
        ),
    },
    {
      provide: AddCustomerIdentifier,
      inject: [UNIT_OF_WORK, CLOCK, CustomerIdentityRepository, IDENTITY_AUDIT, Database],
      useFactory: (
        uow: UnitOfWork,
        clock: Clock,
        graph: CustomerIdentityRepository,
        audit: AuditRecorder,
        db: Database,
      ) => {
        // Numbers without a country code are read as the matcher reads them in posts.
        const region = new IdentifierSettingsRepository(db);
        return new AddCustomerIdentifier(uow, clock, graph, audit, () =>
          region.phoneDefaultCountry(),
        );
      },
    },
    {
      provide: SetIdentityPolicy,
      inject: [UNIT_OF_WORK, CLOCK, CustomerIdentityRepository, IDENTITY_AUDIT],
      useFactory: (
        uow: UnitOfWork,
        clock: Clock,
        graph: CustomerIdentityRepository,
        audit: AuditRecorder,
      ) => new SetIdentityPolicy(uow, clock, graph, audit),
    },
  ],
})
export class IdentitiesModule {}
