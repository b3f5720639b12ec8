/**
 * Shapes of the API's answers, as the console reads them (dates arrive as ISO strings). Every
 * one is a name for a type openapi-typescript generated from the API's OpenAPI components
 * (`components['schemas'][…]` in api-types.generated.ts, `npm run console:types`), so a field
 * the API renames, drops or retypes fails the console's type-check instead of showing `undefined`.
 */
import type { components } from './api-types.generated';

type Api = components['schemas'];

export type Mention = Api['MentionListItem'];
export type Outcome = Mention['outcome'];
export type Explanation = Mention['explanation'];

export type QueueDepth = Api['QueueDepthListItem'];
export type ChannelDepth = QueueDepth['phone'];

export type Summary = Api['DashboardSummary'];
/** One X poller's reads this billing month (X bills reads per post). */
export type XReadUsage = Summary['xReads'][number];

/** An item the agent holds or just took (`GET /v1/agents/:id/work`, `POST …/next`). */
export type WorkItem = Api['HeldWorkListItem'];

export type Agent = Api['AgentListItem'];

/** The common list envelope (`items`, `total`, `limit`, `offset`) of every list route. */
export type Page<T> = Omit<Api['CaseList'], 'items'> & { items: T[] };

export type AdminUser = Api['UserListItem'];
export type ApiKey = Api['ApiKeyListItem'];
export type AuditRecord = Api['AuditLogListItem'];
export type StoredRuleSet = Api['MatchingRuleSet'];
export type CrmImportResult = Api['CrmImportResult'];

export type CaseTimeline = Api['CaseTimeline'];
export type TimelineEntry = CaseTimeline['entries'][number];

/** `GET /v1/cases` item. */
export type CaseListItem = Api['CaseListItem'];

/**
 * A customer's identity with its trust and source (docs/identity.md). `id` names it for
 * `POST /v1/customers/:id/identities/:identityId/confirm|detach`; null for the CRM id, which is
 * a column of the customer rather than a row of the graph.
 */
export type CustomerIdentity = Api['CustomerListItem']['identities'][number];

/** `POST /v1/customers/:id/identities/:identityId/confirm|detach` answer. */
export type IdentityDecision = Api['IdentityDecision'];

/** `GET /v1/customers?q=` item. */
export type CustomerItem = Api['CustomerListItem'];

/** `GET /v1/customers/:id`: the customer 360. */
export type CustomerProfile = Api['CustomerProfile'];

/** `POST /v1/cases/:id/notes` answer. */
export type CaseNote = Api['CaseNote'];

export type CrmConnector = Api['CrmConnector'];
export type CrmConnectorKind = CrmConnector['kind'];
export type CrmConnectorListItem = Api['CrmConnectorListItem'];
