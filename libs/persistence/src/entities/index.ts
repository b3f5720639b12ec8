import { AgentEntity } from './agent.entity';
import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { MatchingRuleSetEntity } from './matching-rule-set.entity';
import { QueueEntity } from './queue.entity';
import { RoutingRuleEntity } from './routing-rule.entity';
import { SessionEntity } from './session.entity';
import { SourceCheckpointEntity } from './source-checkpoint.entity';
import { UserEntity } from './user.entity';

export {
  AgentEntity,
  ApiKeyEntity,
  AuditLogEntity,
  MatchingRuleSetEntity,
  QueueEntity,
  RoutingRuleEntity,
  SessionEntity,
  SourceCheckpointEntity,
  UserEntity,
};

/**
 * The plain tables TypeORM maps (registered with every DataSource, and what
 * `TypeOrmModule.forFeature` would take). The hot tables (cases, interactions, work items,
 * outbox…) have no entity: their set-based SQL goes through `Database.rows/execute`.
 */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  AgentEntity,
  QueueEntity,
  RoutingRuleEntity,
  MatchingRuleSetEntity,
  AuditLogEntity,
  SourceCheckpointEntity,
];
