import type { FieldError, SocialMention } from '@scb/contracts';
import type { DryRunReport, MatchingSnapshot, SnapshotLookups } from '@scb/matching';

/** Messages to the rule-check worker, in this order for one dry run (`parse` alone to validate). */
export type RuleCheckRequest =
  | { kind: 'parse'; draft: unknown; current?: unknown; version: number }
  | { kind: 'lookups'; mentions: SocialMention[] }
  | { kind: 'report'; mentions: SocialMention[]; snapshot: MatchingSnapshot };

/** The worker's answer to each request (`error`: an unexpected fault, with its message). */
export type RuleCheckReply =
  | { kind: 'ready' }
  | { kind: 'parsed'; definition: unknown }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'lookups'; lookups: SnapshotLookups }
  | { kind: 'report'; report: DryRunReport }
  | { kind: 'error'; message: string };
