import { applyDecorators } from '@nestjs/common';
import { ApiNoContentResponse, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CaseNoteSchema,
  CustomerProfileSchema,
  IdentityAddedSchema,
  IdentityDecisionSchema,
  IdentityPolicySchema,
  TimelineEntrySchema,
} from './find.schemas';
import { CrmConnectorSchema } from './crm-connector.schemas';
import { ItemSchemas } from './list-item.schemas';
import { component, jsonSchemaOf } from './zod-openapi.decorators';

/**
 * The success answers of the api's routes that are not lists, as they go over the wire (dates as
 * ISO-8601 strings), for the OpenAPI document. Every field clients read is required with its
 * type, so a renamed, removed or retyped field fails the response-validation test
 * (openapi-responses.int-spec.ts); new fields may be added.
 */
const at = z.iso.datetime({ offset: true });
const uuid = z.uuid();
const role = z.enum(['admin', 'supervisor', 'agent', 'viewer', 'integration']);
const count = z.number().int().min(0);
const outcomes = z.object({ joined: count, new: count, ignored: count });

const SessionUser = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  role,
  agentId: uuid.nullable(),
});

const CaseTimeline = z.object({
  id: uuid,
  caseNumber: z.string(),
  status: z.string(),
  category: z.string().nullable(),
  priority: z.number().int(),
  customer: z.object({ id: uuid, displayName: z.string().nullable(), tier: z.string() }),
  workItem: z
    .object({ id: uuid, queue: z.string(), status: z.string(), agentId: uuid.nullable() })
    .nullable(),
  /** Set when the case was merged away (status `merged`): the surviving case. */
  mergedInto: z
    .object({ id: uuid, caseNumber: z.string(), at, by: z.string().nullable() })
    .nullable(),
  mergedCases: z.array(z.object({ id: uuid, caseNumber: z.string() })),
  /** The earlier case this follow-up continues; its history is in `entries` (`earlier-case`). */
  followsCase: z.object({ id: uuid, caseNumber: z.string() }).nullable(),
  entries: z.array(
    TimelineEntrySchema.extend({
      caseId: uuid,
      caseNumber: z.string(),
      from: z.enum(['this-case', 'merged-case', 'earlier-case']),
    }),
  ),
});

const DashboardSummary = z.object({
  bucketSeconds: z.number().int().positive(),
  buckets: z.array(at),
  mentionsPerBucket: z.array(z.object({ at, platform: z.string(), count })),
  outcomes,
  sentiment: z.array(z.object({ at, average: z.number().nullable(), count })),
  postToQueue: z.object({
    count,
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
  }),
  sla: z.object({ atRisk: count, breached: count }),
  /** X posts read this billing month per poller, against its monthly budget (X bills reads). */
  xReads: z.array(
    z.object({
      source: z.string(),
      month: z.string().regex(/^\d{4}-\d{2}$/),
      used: count,
      budget: z.number().int().positive().nullable(),
      state: z.enum(['unlimited', 'ok', 'near', 'exhausted']),
    }),
  ),
});

const MatchingDryRun = z.object({
  currentVersion: z.number().int().min(0),
  // The newest mention replayed; null when there is none.
  asOf: at.nullable(),
  mentions: count,
  changed: count,
  counts: z.object({ before: outcomes, after: outcomes }),
  transitions: z.record(z.string(), count),
  changes: z.array(z.record(z.string(), z.unknown())),
});

const StoredRuleSet = z.object({
  version: z.number().int().min(1),
  definition: z.record(z.string(), z.unknown()),
  author: z.string(),
  note: z.string(),
  createdAt: at,
});

const PhoneWork = z.object({
  workItem: z.object({
    id: uuid,
    queue: z.string(),
    priority: z.number().int(),
    status: z.enum(['queued', 'assigned']),
    routingExplanation: z.string(),
    /** Since when the item waits: the earliest arrival of the work on it (the call's `arrivedAt`). */
    queuedAt: at.nullable(),
    /** The agent holding the item, else null. */
    agentId: uuid.nullable(),
    /** Calls and posts that reached the case while the item was active. */
    updates: z.number().int(),
  }),
  case: z.object({ id: uuid, caseNumber: z.string(), reused: z.boolean() }),
  customer: z.object({ id: uuid, known: z.boolean() }),
  /** The agent who holds the case: route the call to her. Null when the item waits in a queue. */
  holder: z.object({ agentId: uuid, name: z.string() }).nullable(),
  replayed: z.boolean(),
});

const Reply = z.object({
  id: uuid,
  caseId: uuid,
  agentId: uuid,
  platform: z.string(),
  text: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  externalId: z.string().nullable(),
  error: z.string().nullable(),
  inReplyTo: z.object({
    interactionId: uuid,
    platform: z.string(),
    externalId: z.string(),
    authorId: z.string().nullable(),
    conversationId: z.string().nullable(),
  }),
});

const CaseMerge = z.object({
  caseId: uuid,
  caseNumber: z.string(),
  mergedCaseIds: z.array(uuid),
  mergedCaseNumbers: z.array(z.string()),
  keptWorkItemId: uuid.nullable(),
  completedWorkItemIds: z.array(uuid),
});

const CustomerMerge = z.object({
  mergedCustomerId: uuid,
  intoCustomerId: uuid,
  moved: z.object({ identities: count, identifiers: count, cases: count, interactions: count }),
  /** The open cases folded into the oldest one; null when there were fewer than two. */
  caseMerge: CaseMerge.nullable().optional(),
});

const Erasure = z.object({
  id: uuid,
  customerId: uuid,
  requestedBy: z.string(),
  erasedAt: at,
  erased: z.object({
    customers: count,
    identities: count,
    identifiers: count,
    interactions: count,
    events: count,
    replies: count,
    auditEntries: count,
  }),
});

const CrmImportResult = z.object({
  customers: z.object({ created: count, updated: count }),
  identities: z.object({
    linked: count,
    alreadyLinked: count,
    heldByAnotherCustomer: z.array(z.string()),
  }),
  identifiers: z.object({ added: count, rejected: z.array(z.string()) }),
  cases: z.object({ created: count, updated: count }),
});

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  service: z.string(),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['up', 'down']), error: z.string().optional() }),
  ),
});

/** JSON Schemas of the success answers, by component name. */
/** A Kubernetes probe's answer (`/livez`, `/readyz`): @nestjs/terminus's HealthCheckResult. */
const ProbeIndicators = z.record(z.string(), z.looseObject({ status: z.string() }));
const Probe = z.object({
  status: z.enum(['ok', 'error', 'shutting_down']),
  info: ProbeIndicators.nullable().optional(),
  error: ProbeIndicators.nullable().optional(),
  details: ProbeIndicators,
});

export const SuccessSchemas = {
  CaseTimeline: jsonSchemaOf(CaseTimeline),
  DashboardSummary: jsonSchemaOf(DashboardSummary),
  MatchingDryRun: jsonSchemaOf(MatchingDryRun),
  MatchingRuleSet: jsonSchemaOf(StoredRuleSet),
  MatchingRulesPublished: jsonSchemaOf(z.object({ version: z.number().int().min(1) })),
  Me: jsonSchemaOf(
    z.discriminatedUnion('kind', [
      SessionUser.extend({ kind: z.literal('user') }),
      z.object({
        kind: z.literal('api_key'),
        id: uuid,
        name: z.string(),
        role,
        agentId: z.null(),
      }),
    ]),
  ),
  Login: jsonSchemaOf(z.object({ token: z.string(), expiresAt: at, user: SessionUser })),
  Agent: jsonSchemaOf(ItemSchemas.Agent),
  WorkItem: jsonSchemaOf(ItemSchemas.HeldWorkItem),
  PhoneWork: jsonSchemaOf(PhoneWork),
  QueueConfig: jsonSchemaOf(ItemSchemas.QueueConfig),
  RoutingRule: jsonSchemaOf(ItemSchemas.RoutingRule),
  User: jsonSchemaOf(ItemSchemas.User),
  ApiKey: jsonSchemaOf(ItemSchemas.ApiKey),
  ApiKeyCreated: jsonSchemaOf(
    z.object({ apiKey: ItemSchemas.ApiKey, key: z.string().startsWith('scb_') }),
  ),
  Reply: jsonSchemaOf(Reply),
  CustomerMerge: jsonSchemaOf(CustomerMerge),
  CaseMerge: jsonSchemaOf(CaseMerge),
  Erasure: jsonSchemaOf(Erasure),
  CrmImportResult: jsonSchemaOf(CrmImportResult),
  Health: jsonSchemaOf(Health),
  Probe: jsonSchemaOf(Probe),
  CaseNote: jsonSchemaOf(CaseNoteSchema),
  CustomerProfile: jsonSchemaOf(CustomerProfileSchema),
  IdentityDecision: jsonSchemaOf(IdentityDecisionSchema),
  IdentityAdded: jsonSchemaOf(IdentityAddedSchema),
  IdentityPolicy: jsonSchemaOf(IdentityPolicySchema),
  CrmConnector: jsonSchemaOf(CrmConnectorSchema),
};
export type SuccessSchemaName = keyof typeof SuccessSchemas;

/**
 * Documents a route's JSON success answer as `#/components/schemas/<name>` with `status` (200 by
 * default, 201 for a POST that creates), and a 204 too when `orNoContent` says when it comes.
 */
export function ApiSuccess(
  name: SuccessSchemaName,
  status = 200,
  orNoContent?: string,
): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status, description: name, schema: component(name, SuccessSchemas[name]) }),
    ...(orNoContent ? [ApiNoContentResponse({ description: orNoContent })] : []),
  );
}
