import { z } from 'zod';
import { jsonSchemaOf } from './zod-openapi.decorators';

/**
 * The items of the api's lists as they go over the wire (dates as ISO-8601 strings), for the
 * OpenAPI document: every field clients read is required with its type, so a renamed, removed or
 * retyped field fails the response-validation test; new fields may be added.
 */
const at = z.iso.datetime({ offset: true });
const uuid = z.uuid();

const CaseItem = z.object({
  id: uuid,
  caseNumber: z.string(),
  status: z.string(),
  originChannel: z.string(),
  priority: z.number().int(),
  category: z.string().nullable(),
  customer: z.object({
    id: uuid,
    displayName: z.string().nullable(),
    handles: z.array(z.string()),
  }),
  interactions: z.number().int(),
  openedAt: at,
  lastActivityAt: at,
  workItem: z
    .object({
      id: uuid,
      queue: z.string(),
      status: z.string(),
      queuedAt: at.nullable(),
      agentId: uuid.nullable().describe('the agent holding it (assigned), else null'),
      sla: z.object({
        state: z.enum(['ok', 'atRisk', 'breached']),
        firstResponseDueAt: at.nullable(),
        resolutionDueAt: at.nullable(),
        firstRespondedAt: at.nullable(),
      }),
    })
    .nullable(),
});
const QueueOverviewItem = z.object({
  name: z.string(),
  description: z.string(),
  counts: z.object({ queued: z.number(), assigned: z.number(), completed: z.number() }),
  items: z.array(
    z.object({
      workItemId: uuid,
      caseId: uuid,
      caseNumber: z.string(),
      channel: z.string(),
      priority: z.number().int(),
      status: z.string(),
      queuedAt: at.nullable(),
    }),
  ),
  bullmq: z.record(z.string(), z.number()),
});
const AgentItem = z.object({
  id: uuid,
  name: z.string(),
  skills: z.array(z.string()),
  queues: z.array(z.string()),
  presence: z.string(),
  capacity: z.object({ phone: z.number().int(), social: z.number().int() }),
  lastHeartbeatAt: at.nullable(),
});
const HeldWorkItem = z.object({
  id: uuid,
  caseId: uuid,
  caseNumber: z.string(),
  queue: z.string(),
  channel: z.enum(['phone', 'social']),
  priority: z.number().int(),
  status: z.enum(['queued', 'assigned', 'completed']),
  agentId: uuid.nullable(),
  queuedAt: at.nullable(),
  assignedAt: at.nullable(),
  acceptedAt: at.nullable(),
  updates: z.number().int(),
  sla: z
    .object({
      firstResponseDueAt: at.nullable(),
      resolutionDueAt: at.nullable(),
      firstRespondedAt: at.nullable(),
    })
    .describe('due times (null until the router starts the clocks) and the first answer'),
});
const SlaEventItem = z.object({
  workItemId: uuid,
  caseId: uuid,
  caseNumber: z.string(),
  queue: z.string(),
  kind: z.enum(['firstResponse', 'resolution']),
  stage: z.enum(['atRisk', 'breached']),
  dueAt: at,
  occurredAt: at,
  escalation: z.unknown(),
  notifications: z.array(
    z.object({
      target: z.string(),
      channel: z.enum(['webhook', 'in-app']),
      status: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      sentAt: z.string().nullable(),
    }),
  ),
});
const QueueConfigItem = z.object({
  name: z.string(),
  description: z.string(),
  skills: z.array(z.string()),
  channels: z.array(z.enum(['phone', 'social'])),
  slaPolicy: z.record(z.string(), z.unknown()),
});
const RoutingRuleItem = z.object({
  id: uuid,
  position: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  conditions: z.record(z.string(), z.unknown()),
  targetQueue: z.string(),
});
const UserItem = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  agentId: uuid.nullable(),
  disabled: z.boolean(),
  createdAt: at,
});
const ApiKeyItem = z.object({
  id: uuid,
  name: z.string(),
  role: z.string(),
  createdAt: at,
  lastUsedAt: at.nullable(),
  revokedAt: at.nullable(),
});
const AuditItem = z.object({
  id: uuid,
  at,
  actor: z.object({
    kind: z.enum(['user', 'api_key', 'system']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  entity: z.string(),
  entityId: z.string().nullable(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
const MentionItem = z.object({
  id: uuid,
  platform: z.string(),
  externalId: z.string(),
  authorHandle: z.string().nullable(),
  text: z.string(),
  occurredAt: at,
  receivedAt: at,
  outcome: z.enum(['joined', 'new', 'ignored']),
  caseId: uuid.nullable(),
  caseNumber: z.string().nullable(),
  customer: z.object({ id: uuid, displayName: z.string().nullable() }),
  queue: z.string().nullable(),
  sentiment: z.number().nullable(),
  explanation: z
    .object({
      rule: z.string(),
      summary: z.string(),
      ruleSetVersion: z.number().int(),
      rulesFired: z.array(z.string()),
      tags: z.array(z.string()),
      identity: z.object({
        signal: z.string(),
        evidence: z.object({ kind: z.string(), value: z.string() }).nullable(),
      }),
      sentiment: z.number().nullable(),
      language: z.string().nullable(),
      candidates: z.array(
        z.object({ caseNumber: z.string().nullable(), reason: z.string(), chosen: z.boolean() }),
      ),
    })
    .describe('why the matcher filed it there (stored with the mention)'),
});
const ChannelDepth = z.object({
  waiting: z.number().int(),
  assigned: z.number().int(),
  oldestWaitingSince: at.nullable(),
});
const QueueDepthItem = z.object({
  queue: z.string(),
  phone: ChannelDepth,
  social: ChannelDepth,
  sla: z.object({ atRisk: z.number().int(), breached: z.number().int() }),
});

/** The zod item schemas, for answers that are one such item (a created agent, a changed rule). */
export const ItemSchemas = {
  Agent: AgentItem,
  HeldWorkItem,
  QueueConfig: QueueConfigItem,
  RoutingRule: RoutingRuleItem,
  User: UserItem,
  ApiKey: ApiKeyItem,
};

export const ListItems = {
  Case: jsonSchemaOf(CaseItem),
  QueueOverview: jsonSchemaOf(QueueOverviewItem),
  Agent: jsonSchemaOf(AgentItem),
  HeldWorkItem: jsonSchemaOf(HeldWorkItem),
  SlaEvent: jsonSchemaOf(SlaEventItem),
  QueueConfig: jsonSchemaOf(QueueConfigItem),
  RoutingRule: jsonSchemaOf(RoutingRuleItem),
  User: jsonSchemaOf(UserItem),
  ApiKey: jsonSchemaOf(ApiKeyItem),
  AuditEntry: jsonSchemaOf(AuditItem),
  Mention: jsonSchemaOf(MentionItem),
  QueueDepth: jsonSchemaOf(QueueDepthItem),
};
