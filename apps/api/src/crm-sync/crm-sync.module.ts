import { Module } from '@nestjs/common';
import {
  CrmCaseLinkRepository,
  CrmConnectorRepository,
  CrmOutboundRepository,
  CrmSyncReportRepository,
  Database,
  IdentifierSettingsRepository,
} from '@scb/persistence';
import { AuditModule } from '../audit/audit.module';
import { CustomersModule } from '../customers/customers.module';
import { CrmConnectorPool } from './crm-connector.pool';
import { CrmConnectorsController } from './crm-connectors.controller';
import { CrmSyncScheduler } from './crm-sync.scheduler';
import { CrmWebhooksController } from './crm-webhooks.controller';
import { ControlCrmConnector } from './usecases/control-crm-connector/control-crm-connector.usecase';
import { GetCrmConnector } from './usecases/get-crm-connector/get-crm-connector.usecase';
import { ListCrmConnectors } from './usecases/list-crm-connectors/list-crm-connectors.usecase';
import { PutCrmConnector } from './usecases/put-crm-connector/put-crm-connector.usecase';
import { ReceiveCrmWebhook } from './usecases/receive-crm-webhook/receive-crm-webhook.usecase';
import { ResolveCaseFromCrm } from './usecases/resolve-case-from-crm/resolve-case-from-crm.usecase';
import { SyncCrmConnector } from './usecases/sync-crm-connector/sync-crm-connector.usecase';

const onDatabase = <T>(type: new (db: Database) => T) => ({
  provide: type,
  inject: [Database],
  useFactory: (db: Database) => new type(db),
});

/**
 * Live two-way sync with the CRM of record (issue 19): the admin API of connectors and the
 * scheduler that runs each connector's passes (changes in through the CRM import and the resolve
 * use case, cases, posts and statuses out), see docs/crm-connectors.md.
 */
@Module({
  imports: [AuditModule, CustomersModule],
  controllers: [CrmConnectorsController, CrmWebhooksController],
  providers: [
    onDatabase(CrmConnectorRepository),
    onDatabase(CrmCaseLinkRepository),
    onDatabase(CrmOutboundRepository),
    onDatabase(CrmSyncReportRepository),
    onDatabase(IdentifierSettingsRepository),
    CrmConnectorPool,
    CrmSyncScheduler,
    ControlCrmConnector,
    GetCrmConnector,
    ListCrmConnectors,
    PutCrmConnector,
    ReceiveCrmWebhook,
    ResolveCaseFromCrm,
    SyncCrmConnector,
  ],
})
export class CrmSyncModule {}
