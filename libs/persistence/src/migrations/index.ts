import { InitialSchema1764000000000 } from './1764000000000-initial-schema.migration';
import { IngestionCheckpoints1764100000000 } from './1764100000000-ingestion-checkpoints.migration';
import { MatchingRules1764200000000 } from './1764200000000-matching-rules.migration';
import { AgentsAndRouting1764300000000 } from './1764300000000-agents-and-routing.migration';
import { SlaNotifications1764400000000 } from './1764400000000-sla-notifications.migration';
import { CustomerPersonas1764600000000 } from './1764600000000-customer-personas.migration';
import { AuthAndAudit1764700000000 } from './1764700000000-auth-and-audit.migration';
import { ConsoleReadIndexes1764800000000 } from './1764800000000-console-read-indexes.migration';
import { PersonalDataErasures1764900000000 } from './1764900000000-personal-data-erasures.migration';
import { ReplyRequestPerCase1765000000000 } from './1765000000000-reply-request-per-case.migration';
import { PlatformFidelity1765200000000 } from './1765200000000-platform-fidelity.migration';
import { OutboxTraceContext1765400000000 } from './1765400000000-outbox-trace-context.migration';
import { AuditLogUuidIds1765500000000 } from './1765500000000-audit-log-uuid-ids.migration';
import { WorkQueueChanges1766100000000 } from './1766100000000-work-queue-changes.migration';
import { RetentionIndexes1766200000000 } from './1766200000000-retention-indexes.migration';
import { HeldBrandPosts1766500000000 } from './1766500000000-held-brand-posts.migration';
import { CaseNotesAndSearch1766700000000 } from './1766700000000-case-notes-and-search.migration';
import { IdentityGraph1766800000000 } from './1766800000000-identity-graph.migration';
import { CaseMergeAndFollowUps1766850000000 } from './1766850000000-case-merge-and-follow-ups.migration';
import { PhoneCallsReceivedIndex1766900000000 } from './1766900000000-phone-calls-received-index.migration';
import { AgentHandOuts1767050000000 } from './1767050000000-agent-hand-outs.migration';
import { CrmSync1767100000000 } from './1767100000000-crm-sync.migration';
import { CrmNoteMarks1767700000000 } from './1767700000000-crm-note-marks.migration';
import { CrmZendeskWebhooks1767710000000 } from './1767710000000-crm-zendesk-webhooks.migration';
import { CrmOutboundWatermark1767720000000 } from './1767720000000-crm-outbound-watermark.migration';
import { MatcherWriteIndexes1767820000000 } from './1767820000000-matcher-write-indexes.migration';
import { CasesHotTouch1767821000000 } from './1767821000000-cases-hot-touch.migration';
import { HandOutWalk1767830000000 } from './1767830000000-hand-out-walk.migration';
import { HandOutLockWinner1767831000000 } from './1767831000000-hand-out-lock-winner.migration';
import { HandOutByChannel1767840000000 } from './1767840000000-hand-out-by-channel.migration';
import { SearchOnInsert1767850000000 } from './1767850000000-search-on-insert.migration';
import { WorkItemsHotUpdate1767860000000 } from './1767860000000-work-items-hot-update.migration';

/** Every migration, in timestamp order. New migrations are appended here. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  IngestionCheckpoints1764100000000,
  MatchingRules1764200000000,
  AgentsAndRouting1764300000000,
  SlaNotifications1764400000000,
  CustomerPersonas1764600000000,
  AuthAndAudit1764700000000,
  ConsoleReadIndexes1764800000000,
  PersonalDataErasures1764900000000,
  ReplyRequestPerCase1765000000000,
  PlatformFidelity1765200000000,
  OutboxTraceContext1765400000000,
  AuditLogUuidIds1765500000000,
  WorkQueueChanges1766100000000,
  RetentionIndexes1766200000000,
  HeldBrandPosts1766500000000,
  CaseNotesAndSearch1766700000000,
  IdentityGraph1766800000000,
  CaseMergeAndFollowUps1766850000000,
  PhoneCallsReceivedIndex1766900000000,
  AgentHandOuts1767050000000,
  CrmSync1767100000000,
  CrmNoteMarks1767700000000,
  CrmZendeskWebhooks1767710000000,
  CrmOutboundWatermark1767720000000,
  MatcherWriteIndexes1767820000000,
  CasesHotTouch1767821000000,
  HandOutWalk1767830000000,
  HandOutLockWinner1767831000000,
  HandOutByChannel1767840000000,
  SearchOnInsert1767850000000,
  WorkItemsHotUpdate1767860000000,
];
