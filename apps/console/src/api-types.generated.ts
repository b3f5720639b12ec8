// Generated from the API’s OpenAPI component schemas (GET /docs-json) by
// apps/api/src/openapi/console-types.generator.ts. Do not edit: `npm run console:types`
// writes it again; apps/api/src/openapi/console-types.spec.ts fails when it drifts.

export type AddIdentifierRequest = {
  kind: 'phone' | 'email' | 'account' | 'order';
  /** as given; normalized (E.164, lower-case email) */
  value: string;
};

export type Agent = {
  id: string;
  name: string;
  skills: Array<string>;
  queues: Array<string>;
  presence: string;
  capacity: {
    phone: number;
    social: number;
  };
  lastHeartbeatAt: string | null;
};

export type AgentActionRequest = {
  agentId: string;
};

export type AgentList = {
  items: Array<AgentListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type AgentListItem = {
  id: string;
  name: string;
  skills: Array<string>;
  queues: Array<string>;
  presence: string;
  capacity: {
    phone: number;
    social: number;
  };
  lastHeartbeatAt: string | null;
};

export type ApiKey = {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type ApiKeyCreated = {
  apiKey: {
    id: string;
    name: string;
    role: string;
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  };
  key: string;
};

export type ApiKeyList = {
  items: Array<ApiKeyListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type ApiKeyListItem = {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type AuditLogList = {
  items: Array<AuditLogListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type AuditLogListItem = {
  id: string;
  at: string;
  actor: {
    kind: 'user' | 'api_key' | 'system';
    id: string | null;
    name: string;
  };
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
};

export type CaseList = {
  items: Array<CaseListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type CaseListItem = {
  id: string;
  caseNumber: string;
  status: string;
  originChannel: string;
  priority: number;
  category: string | null;
  customer: {
    id: string;
    displayName: string | null;
    handles: Array<string>;
  };
  interactions: number;
  openedAt: string;
  lastActivityAt: string;
  workItem: {
    id: string;
    queue: string;
    status: string;
    queuedAt: string | null;
    /** the agent holding it (assigned), else null */
    agentId: string | null;
    sla: {
      state: 'ok' | 'atRisk' | 'breached';
      firstResponseDueAt: string | null;
      resolutionDueAt: string | null;
      firstRespondedAt: string | null;
    };
  } | null;
};

export type CaseMerge = {
  caseId: string;
  caseNumber: string;
  mergedCaseIds: Array<string>;
  mergedCaseNumbers: Array<string>;
  keptWorkItemId: string | null;
  completedWorkItemIds: Array<string>;
};

export type CaseMergeRequest = {
  into: string;
};

export type CaseNote = {
  id: string;
  caseId: string;
  caseNumber: string;
  body: string;
  author: {
    kind: 'user' | 'api_key';
    id: string;
    name: string;
  };
  agentId: string | null;
  createdAt: string;
};

export type CaseNoteRequest = {
  body: string;
};

export type CaseTimeline = {
  id: string;
  caseNumber: string;
  status: string;
  category: string | null;
  priority: number;
  customer: {
    id: string;
    displayName: string | null;
    tier: string;
  };
  workItem: {
    id: string;
    queue: string;
    status: string;
    agentId: string | null;
  } | null;
  mergedInto: {
    id: string;
    caseNumber: string;
    at: string;
    by: string | null;
  } | null;
  mergedCases: Array<{
    id: string;
    caseNumber: string;
  }>;
  followsCase: {
    id: string;
    caseNumber: string;
  } | null;
  entries: Array<{
    kind: 'phone' | 'mention' | 'reply' | 'note' | 'event' | 'context';
    id: string;
    at: string;
    platform: string;
    direction: 'inbound' | 'outbound' | 'internal';
    author: string | null;
    text: string;
    detail: string | null;
    /** customers' posts: claimed = unverified author, see claimEvidence */
    authorTrust?: ('proven' | 'claimed') | null;
    claimEvidence?: unknown;
    caseId: string;
    caseNumber: string;
    from: 'this-case' | 'merged-case' | 'earlier-case';
  }>;
};

export type CompleteWorkRequest = {
  agentId: string;
  resolutionCode: string;
};

export type CreateAgentRequest = {
  name: string;
  skills?: Array<string>;
  queues?: Array<string>;
  capacity?: {
    phone: number;
    social: number;
  };
};

export type CreateApiKeyRequest = {
  name: string;
  role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
};

export type CreateUserRequest = {
  email: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
  agentId?: string | null;
  password: string;
};

export type CrmConnector = {
  name: string;
  kind: 'salesforce' | 'zendesk';
  settings: {
    [key: string]: unknown;
  };
  fieldOwnership: unknown;
  credentials: 'set';
  state: 'running' | 'paused' | 'error';
  lagSeconds: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  counts: {
    casesLinked: number;
    casesOpenedInCrm: number;
    commentsSent: number;
    changesApplied: number;
    deadLetters: number;
    conflicts: number;
    commentsPending: number;
  };
  fullSync: {
    status: 'requested' | 'running' | 'done' | 'failed';
    phase: 'customers' | 'cases';
    page: string | null;
    pages: number;
    customers: number;
    cases: number;
    requestedAt: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
  deadLetters: Array<{
    id: string;
    caseId: string | null;
    operation: string;
    recordRef: string;
    code: string;
    reason: string;
    httpStatus: number | null;
    createdAt: string;
  }>;
  conflicts: Array<{
    id: string;
    caseId: string | null;
    crmCaseId: string;
    ours: 'open' | 'resolved';
    theirs: 'open' | 'resolved';
    rule: string;
    winner: string;
    why: string;
    createdAt: string;
  }>;
  createdAt: string;
  updatedAt: string;
};

export type CrmConnectorList = {
  items: Array<CrmConnectorListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type CrmConnectorListItem = {
  name: string;
  kind: 'salesforce' | 'zendesk';
  state: 'running' | 'paused' | 'error';
  lagSeconds: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  fullSyncStatus: ('requested' | 'running' | 'done' | 'failed') | null;
  createdAt: string;
  updatedAt: string;
};

export type CrmConnectorRequest = {
  kind: 'salesforce' | 'zendesk';
  settings: {
    [key: string]: unknown;
  };
  fieldOwnership?: unknown;
  credentials?: {
    [key: string]: unknown;
  };
};

export type CrmImportRequest = {
  customers: Array<{
    crmId: string;
    displayName?: string | null;
    tier?: string;
    identities?: Array<{
      platform: 'x' | 'facebook' | 'instagram' | 'other';
      externalUserId?: string | null;
      handle?: string | null;
    }>;
    identifiers?: Array<{
      kind: 'email' | 'phone' | 'account';
      value: string;
    }>;
    cases?: Array<{
      crmCaseId: string;
      status?: 'open' | 'resolved';
      category?: string | null;
      priority?: number;
      resolvedAt?: string | null;
    }>;
  }>;
};

export type CrmImportResult = {
  customers: {
    created: number;
    updated: number;
  };
  identities: {
    linked: number;
    alreadyLinked: number;
    heldByAnotherCustomer: Array<string>;
  };
  identifiers: {
    added: number;
    rejected: Array<string>;
  };
  cases: {
    created: number;
    updated: number;
  };
};

export type CustomerList = {
  items: Array<CustomerListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type CustomerListItem = {
  id: string;
  displayName: string | null;
  tier: string;
  crmId: string | null;
  persona: boolean;
  erased: boolean;
  identities: Array<{
    /** null for the CRM id (not confirmable) */
    id: string | null;
    /** x, facebook, instagram (platform accounts), phone, email, account, order, crm-id */
    kind: string;
    value: string;
    platform: string | null;
    externalId: string | null;
    handle: string | null;
    /** claimed: an unverified link, see evidence */
    trust: 'proven' | 'claimed';
    /** platform, crm, phone-network, matcher or agent */
    source: string;
    /** platform accounts: observed, inferred or imported */
    link: string | null;
    evidence: unknown;
    since: string;
    learntAt: string;
  }>;
  lastActivityAt: string | null;
  cases: {
    open: number;
    total: number;
  };
};

export type CustomerMerge = {
  mergedCustomerId: string;
  intoCustomerId: string;
  moved: {
    identities: number;
    identifiers: number;
    cases: number;
    interactions: number;
  };
  caseMerge?: {
    caseId: string;
    caseNumber: string;
    mergedCaseIds: Array<string>;
    mergedCaseNumbers: Array<string>;
    keptWorkItemId: string | null;
    completedWorkItemIds: Array<string>;
  } | null;
};

export type CustomerMergeRequest = {
  intoCustomerId: string;
  reason: string;
};

export type CustomerProfile = {
  id: string;
  displayName: string | null;
  tier: string;
  crmId: string | null;
  persona: boolean;
  erased: boolean;
  identities: Array<{
    /** null for the CRM id (not confirmable) */
    id: string | null;
    /** x, facebook, instagram (platform accounts), phone, email, account, order, crm-id */
    kind: string;
    value: string;
    platform: string | null;
    externalId: string | null;
    handle: string | null;
    /** claimed: an unverified link, see evidence */
    trust: 'proven' | 'claimed';
    /** platform, crm, phone-network, matcher or agent */
    source: string;
    /** platform accounts: observed, inferred or imported */
    link: string | null;
    evidence: unknown;
    since: string;
    learntAt: string;
  }>;
  lastActivityAt: string | null;
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
    workItem: {
      id: string;
      queue: string;
      status: string;
      agentId: string | null;
    } | null;
  }>;
  timeline: Array<{
    kind: 'phone' | 'mention' | 'reply' | 'note' | 'event' | 'context';
    id: string;
    at: string;
    platform: string;
    direction: 'inbound' | 'outbound' | 'internal';
    author: string | null;
    text: string;
    detail: string | null;
    /** customers' posts: claimed = unverified author, see claimEvidence */
    authorTrust?: ('proven' | 'claimed') | null;
    claimEvidence?: unknown;
    caseId: string;
    caseNumber: string;
  }>;
  timelineTruncated: boolean;
};

export type DashboardSummary = {
  bucketSeconds: number;
  buckets: Array<string>;
  mentionsPerBucket: Array<{
    at: string;
    platform: string;
    count: number;
  }>;
  outcomes: {
    joined: number;
    new: number;
    ignored: number;
  };
  sentiment: Array<{
    at: string;
    average: number | null;
    count: number;
  }>;
  postToQueue: {
    count: number;
    p50Ms: number | null;
    p95Ms: number | null;
  };
  sla: {
    atRisk: number;
    breached: number;
  };
  xReads: Array<{
    source: string;
    month: string;
    used: number;
    budget: number | null;
    state: 'unlimited' | 'ok' | 'near' | 'exhausted';
  }>;
};

export type Erasure = {
  id: string;
  customerId: string;
  requestedBy: string;
  erasedAt: string;
  erased: {
    customers: number;
    identities: number;
    identifiers: number;
    interactions: number;
    events: number;
    replies: number;
    auditEntries: number;
  };
};

export type HeldWorkList = {
  items: Array<HeldWorkListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type HeldWorkListItem = {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: 'phone' | 'social';
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
  agentId: string | null;
  queuedAt: string | null;
  assignedAt: string | null;
  acceptedAt: string | null;
  updates: number;
  /** due times (null until the router starts the clocks) and the first answer */
  sla: {
    firstResponseDueAt: string | null;
    resolutionDueAt: string | null;
    firstRespondedAt: string | null;
  };
};

export type IdentityAdded = {
  identity: {
    id: string;
    customerId: string;
    store: 'account' | 'identifier';
    kind: string;
    value: string;
    handle: string | null;
    trust: 'proven' | 'claimed';
    source: string;
    evidence: unknown;
    learntAt: string;
  };
  created: boolean;
};

export type IdentityDecision = {
  decision: 'confirm' | 'detach';
  identity: {
    id: string;
    customerId: string;
    store: 'account' | 'identifier';
    kind: string;
    value: string;
    handle: string | null;
    trust: 'proven' | 'claimed';
    source: string;
    evidence: unknown;
    learntAt: string;
  };
  detached: {
    personaId: string;
    case: {
      id: string;
      caseNumber: string;
      priority: number;
      category: string | null;
    } | null;
    movedInteractions: number;
    workItemId: string | null;
  } | null;
};

export type IdentityPolicy = {
  autoConfirm: Array<string>;
  updatedAt: string | null;
};

export type IdentityPolicyRequest = {
  /** claims made with these kinds of evidence are proven at once (case-number, email, phone, account, order) */
  autoConfirm: Array<'case-number' | 'email' | 'phone' | 'account' | 'order'>;
};

export type Login = {
  token: string;
  expiresAt: string;
  user: {
    id: string;
    email: string;
    displayName: string;
    role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
    agentId: string | null;
  };
};

export type LoginRequest = {
  email: string;
  password: string;
};

export type MatchingDryRun = {
  currentVersion: number;
  asOf: string | null;
  mentions: number;
  changed: number;
  counts: {
    before: {
      joined: number;
      new: number;
      ignored: number;
    };
    after: {
      joined: number;
      new: number;
      ignored: number;
    };
  };
  transitions: {
    [key: string]: number;
  };
  changes: Array<{
    [key: string]: unknown;
  }>;
};

export type MatchingDryRunRequest = {
  definition: unknown;
  limit?: number;
};

export type MatchingRuleSet = {
  version: number;
  definition: {
    [key: string]: unknown;
  };
  author: string;
  note: string;
  createdAt: string;
};

export type MatchingRulesPublished = {
  version: number;
};

export type Me =
  | {
      id: string;
      email: string;
      displayName: string;
      role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
      agentId: string | null;
      kind: 'user';
    }
  | {
      kind: 'api_key';
      id: string;
      name: string;
      role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
      agentId: null;
    };

export type MentionList = {
  items: Array<MentionListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type MentionListItem = {
  id: string;
  platform: string;
  externalId: string;
  authorHandle: string | null;
  text: string;
  occurredAt: string;
  receivedAt: string;
  outcome: 'joined' | 'new' | 'ignored';
  caseId: string | null;
  caseNumber: string | null;
  customer: {
    id: string;
    displayName: string | null;
  };
  queue: string | null;
  sentiment: number | null;
  /** why the matcher filed it there (stored with the mention) */
  explanation: {
    rule: string;
    summary: string;
    ruleSetVersion: number;
    rulesFired: Array<string>;
    tags: Array<string>;
    identity: {
      signal: string;
      evidence: {
        kind: string;
        value: string;
      } | null;
    };
    sentiment: number | null;
    language: string | null;
    candidates: Array<{
      caseNumber: string | null;
      reason: string;
      chosen: boolean;
    }>;
  };
};

export type PhoneWork = {
  workItem: {
    id: string;
    queue: string;
    priority: number;
    status: 'queued' | 'assigned';
    routingExplanation: string;
    queuedAt: string | null;
    agentId: string | null;
    updates: number;
  };
  case: {
    id: string;
    caseNumber: string;
    reused: boolean;
  };
  customer: {
    id: string;
    known: boolean;
  };
  holder: {
    agentId: string;
    name: string;
  } | null;
  replayed: boolean;
};

export type PhoneWorkRequest = {
  channel: 'phone';
  callerNumber: string;
  callId: string;
  category?: string | null;
  priority?: number;
  note?: string | null;
  arrivedAt?: string;
  language?: string | null;
  tags?: Array<string>;
};

export type PresenceRequest = {
  presence: 'available' | 'busy' | 'away' | 'offline';
};

export type PublishMatchingRulesRequest = {
  author?: string;
  note?: string;
  definition: unknown;
};

export type QueueConfig = {
  name: string;
  description: string;
  skills: Array<string>;
  channels: Array<'phone' | 'social'>;
  slaPolicy: {
    [key: string]: unknown;
  };
};

export type QueueConfigList = {
  items: Array<QueueConfigListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type QueueConfigListItem = {
  name: string;
  description: string;
  skills: Array<string>;
  channels: Array<'phone' | 'social'>;
  slaPolicy: {
    [key: string]: unknown;
  };
};

export type QueueConfigRequest = {
  description?: string;
  skills?: Array<string>;
  channels?: Array<'social' | 'phone'>;
  slaPolicy?: {
    targets?: {
      [key: string]: {
        firstResponseSeconds: number;
        resolutionSeconds: number;
      };
    };
    atRiskPercent?: number;
    businessHours?: {
      days: Array<number>;
      start: string;
      end: string;
      utcOffsetMinutes?: number;
    };
    escalation?: {
      raisePriority?: boolean;
      toQueue?: string;
      notify?: Array<string>;
    };
  };
};

export type QueueDepthList = {
  items: Array<QueueDepthListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
  /** the same array as `items`, under the key this list had before @deprecated */
  queues: Array<QueueDepthListItem>;
};

export type QueueDepthListItem = {
  queue: string;
  phone: {
    waiting: number;
    assigned: number;
    oldestWaitingSince: string | null;
  };
  social: {
    waiting: number;
    assigned: number;
    oldestWaitingSince: string | null;
  };
  sla: {
    atRisk: number;
    breached: number;
  };
};

export type QueueOverviewList = {
  items: Array<QueueOverviewListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
  /** the same array as `items`, under the key this list had before @deprecated */
  queues: Array<QueueOverviewListItem>;
};

export type QueueOverviewListItem = {
  name: string;
  description: string;
  counts: {
    queued: number;
    assigned: number;
    completed: number;
  };
  items: Array<{
    workItemId: string;
    caseId: string;
    caseNumber: string;
    channel: string;
    priority: number;
    status: string;
    queuedAt: string | null;
  }>;
  bullmq: {
    [key: string]: number;
  };
};

export type Reply = {
  id: string;
  caseId: string;
  agentId: string;
  platform: string;
  text: string;
  status: 'pending' | 'sent' | 'failed';
  externalId: string | null;
  error: string | null;
  inReplyTo: {
    interactionId: string;
    platform: string;
    externalId: string;
    authorId: string | null;
    conversationId: string | null;
  };
};

export type ReplyRequest = {
  requestId: string;
  agentId: string;
  text: string;
  inReplyToInteractionId?: string;
};

export type RoutingRule = {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: {
    [key: string]: unknown;
  };
  targetQueue: string;
};

export type RoutingRuleList = {
  items: Array<RoutingRuleListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type RoutingRuleListItem = {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: {
    [key: string]: unknown;
  };
  targetQueue: string;
};

export type RoutingRuleRequest = {
  name: string;
  enabled?: boolean;
  position?: number;
  conditions: {
    categories?: Array<string>;
    channels?: Array<'social' | 'phone'>;
    priorities?: Array<number>;
    languages?: Array<string>;
    tiers?: Array<string>;
    tagsAny?: Array<string>;
    sentimentAtMost?: number;
  };
  targetQueue: string;
  priorityAdjustment?: number;
  requiredSkills?: Array<string>;
};

export type SlaEventList = {
  items: Array<SlaEventListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type SlaEventListItem = {
  workItemId: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  kind: 'firstResponse' | 'resolution';
  stage: 'atRisk' | 'breached';
  dueAt: string;
  occurredAt: string;
  escalation: unknown;
  notifications: Array<{
    target: string;
    channel: 'webhook' | 'in-app';
    status: string;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }>;
};

export type TransferWorkRequest = {
  agentId: string;
  toQueue?: string;
  toAgentId?: string;
};

export type UpdateUserRequest = {
  displayName?: string;
  role?: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
  agentId?: string | null;
  password?: string;
  disabled?: boolean;
};

export type User = {
  id: string;
  email: string;
  displayName: string;
  role: string;
  agentId: string | null;
  disabled: boolean;
  createdAt: string;
};

export type UserList = {
  items: Array<UserListItem>;
  /** how many match in all */
  total: number;
  /** the page size asked for */
  limit: number;
  /** how many were skipped */
  offset: number;
};

export type UserListItem = {
  id: string;
  email: string;
  displayName: string;
  role: string;
  agentId: string | null;
  disabled: boolean;
  createdAt: string;
};

export type WorkItem = {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: 'phone' | 'social';
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
  agentId: string | null;
  queuedAt: string | null;
  assignedAt: string | null;
  acceptedAt: string | null;
  updates: number;
  /** due times (null until the router starts the clocks) and the first answer */
  sla: {
    firstResponseDueAt: string | null;
    resolutionDueAt: string | null;
    firstRespondedAt: string | null;
  };
};
