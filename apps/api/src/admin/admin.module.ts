import { Module } from '@nestjs/common';
import { Database, RoutingConfigRepository } from '@scb/persistence';
import { AgentWorkModule } from '../agent-work/agent-work.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AgentsController } from './agents.controller';
import { BootstrapAdmin } from './bootstrap-admin';
import { ApiKeysController } from './api-keys.controller';
import { MatchingDryRunService } from './matching-dry-run.service';
import { MatchingRulesController } from './matching-rules.controller';
import { RoutingAdminController } from './routing-admin.controller';
import { UsersController } from './users.controller';
import { CreateAgent } from './usecases/create-agent/create-agent.usecase';
import { CreateApiKey } from './usecases/create-api-key/create-api-key.usecase';
import { CreateRoutingRule } from './usecases/create-routing-rule/create-routing-rule.usecase';
import { CreateUser } from './usecases/create-user/create-user.usecase';
import { DeleteRoutingRule } from './usecases/delete-routing-rule/delete-routing-rule.usecase';
import { PublishMatchingRules } from './usecases/publish-matching-rules/publish-matching-rules.usecase';
import { PutQueue } from './usecases/put-queue/put-queue.usecase';
import { RevokeApiKey } from './usecases/revoke-api-key/revoke-api-key.usecase';
import { UpdateUser } from './usecases/update-user/update-user.usecase';

/**
 * Admin configuration: matching rules (with dry runs), routing rules, queues, agents, users and
 * API keys (and the first admin, from the environment); every change is a use case, audited in
 * its unit of work.
 */
@Module({
  imports: [AuditModule, AgentWorkModule, AuthModule],
  controllers: [
    UsersController,
    ApiKeysController,
    AgentsController,
    RoutingAdminController,
    MatchingRulesController,
  ],
  providers: [
    // Over the process's Database, so the admin's audited writes join their unit of work.
    {
      provide: RoutingConfigRepository,
      inject: [Database],
      useFactory: (db: Database) => new RoutingConfigRepository(db),
    },
    BootstrapAdmin,
    MatchingDryRunService,
    CreateAgent,
    CreateApiKey,
    CreateRoutingRule,
    CreateUser,
    DeleteRoutingRule,
    PublishMatchingRules,
    PutQueue,
    RevokeApiKey,
    UpdateUser,
  ],
})
export class AdminModule {}
