/** Shapes of the API's answers, as the console reads them (dates arrive as ISO strings). */
export type Outcome = 'joined' | 'new' | 'ignored';

export interface Explanation {
  rule: string;
  summary: string;
  ruleSetVersion: number;
  rulesFired: string[];
  tags: string[];
  identity: { signal: string; evidence: { kind: string; value: string } | null };
  sentiment: number | null;
  language: string | null;
  candidates: Array<{ caseNumber: string | null; reason: string; chosen: boolean }>;
}

export interface Mention {
  id: string;
  platform: string;
  externalId: string;
  authorHandle: string | null;
  text: string;
  occurredAt: string;
  receivedAt: string;
  outcome: Outcome;
  caseId: string | null;
  caseNumber: string | null;
  customer: { id: string; displayName: string | null };
  queue: string | null;
  sentiment: number | null;
  explanation: Explanation;
}

export interface ChannelDepth {
  waiting: number;
  assigned: number;
  oldestWaitingSince: string | null;
}

export interface QueueDepth {
  queue: string;
  phone: ChannelDepth;
  social: ChannelDepth;
  sla: { atRisk: number; breached: number };
}

export interface Summary {
  bucketSeconds: number;
  /** Every bucket of the range (older APIs sent only the busy ones, and no list). */
  buckets?: string[];
  mentionsPerBucket: Array<{ at: string; platform: string; count: number }>;
  outcomes: Record<Outcome, number>;
  sentiment: Array<{ at: string; average: number | null; count: number }>;
  postToQueue: { count: number; p50Ms: number | null; p95Ms: number | null };
  sla: { atRisk: number; breached: number };
  /** X posts read this month per poller against its budget (older APIs: absent). */
  xReads?: XReadUsage[];
}

/** One X poller's reads this billing month (X bills reads per post). */
export interface XReadUsage {
  source: string;
  month: string;
  used: number;
  budget: number | null;
  state: 'unlimited' | 'ok' | 'near' | 'exhausted';
}

export interface WorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: string;
  priority: number;
  status: string;
  assignedAt?: string | null;
  queuedAt?: string | null;
  /** Messages that reached the case since the item was created. */
  updates?: number;
  sla?: {
    firstResponseDueAt: string | null;
    resolutionDueAt: string | null;
    firstRespondedAt: string | null;
  };
}

export interface Agent {
  id: string;
  name: string;
  presence: string;
  skills: string[];
  queues: string[];
  capacity: { phone: number; social: number };
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
  agentId: string | null;
  disabled: boolean;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { kind: string; id: string | null; name: string };
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface StoredRuleSet {
  version: number;
  definition: unknown;
  author: string;
  note: string;
  createdAt: string;
}

export interface CrmImportResult {
  customers: { created: number; updated: number };
  identities: { linked: number; alreadyLinked: number; heldByAnotherCustomer: string[] };
  identifiers: { added: number; rejected: string[] };
  cases: { created: number; updated: number };
}

export interface TimelineEntry {
  kind: 'phone' | 'mention' | 'reply' | 'note' | 'context';
  id: string;
  at: string;
  platform: string;
  direction: string;
  author: string | null;
  text: string;
  detail: string | null;
}

export interface CaseTimeline {
  id: string;
  caseNumber: string;
  status: string;
  category: string | null;
  priority: number;
  customer: { id: string; displayName: string | null; tier: string };
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  entries: TimelineEntry[];
}

/** `GET /v1/cases` item. */
export interface CaseListItem {
  id: string;
  caseNumber: string;
  status: string;
  originChannel: string;
  priority: number;
  category: string | null;
  customer: { id: string; displayName: string | null; handles: string[] };
  interactions: number;
  openedAt: string;
  lastActivityAt: string;
  workItem: { id: string; queue: string; status: string; queuedAt: string | null } | null;
}

export interface CustomerIdentity {
  kind: string;
  value: string;
  platform: string | null;
  externalId: string | null;
  handle: string | null;
  trust: string;
  source: string;
  since: string;
}

/** `GET /v1/customers?q=` item. */
export interface CustomerItem {
  id: string;
  displayName: string | null;
  tier: string;
  crmId: string | null;
  persona: boolean;
  erased: boolean;
  identities: CustomerIdentity[];
  lastActivityAt: string | null;
  cases: { open: number; total: number };
}

/** `GET /v1/customers/:id`: the customer 360. */
export interface CustomerProfile extends Omit<CustomerItem, 'cases'> {
  createdAt: string;
  mergedInto: string | null;
  cases: Array<{
    id: string;
    caseNumber: string;
    status: string;
    originChannel: string;
    priority: number;
    category: string | null;
    openedAt: string;
    lastActivityAt: string;
    resolvedAt: string | null;
    workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  }>;
  timeline: Array<TimelineEntry & { caseId: string; caseNumber: string }>;
  timelineTruncated: boolean;
}

/** `POST /v1/cases/:id/notes` answer. */
export interface CaseNote {
  id: string;
  caseId: string;
  caseNumber: string;
  body: string;
  author: { kind: string; id: string; name: string };
  createdAt: string;
}
