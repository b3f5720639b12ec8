import type { SocialMention } from '@scb/contracts';
import type { ExtractedIdentifiers } from './identifier.extractor';

/** A case as the matcher sees it when deciding. */
export interface CaseRef {
  caseId: string;
  /** Null for a case opened earlier in the same batch (the number comes from the database). */
  caseNumber: string | null;
  customerId: string;
}

export interface CaseCandidate extends CaseRef {
  status: 'open' | 'resolved';
  category: string | null;
  /** ISO time; null while open. */
  resolvedAt: string | null;
}

export type IdentifierKind = 'case-number' | 'email' | 'phone' | 'account';

/** The proof that ties an author to a customer when no identity is on file. */
export interface IdentityEvidence {
  kind: IdentifierKind;
  value: string;
}

/** Two customers an identifier proved to be one: the persona is folded into the other. */
export interface PersonaMerge {
  fromCustomerId: string;
  intoCustomerId: string;
  evidence: IdentityEvidence;
}

/** Who wrote the mention, as far as the matcher could tell. */
export interface ResolvedCustomer {
  customerId: string;
  /**
   * known: identity on file; inferred: tied by an identifier in the text; new-persona: unknown;
   * merged: known, and an identifier in the text proved a persona to be the same customer;
   * brand: the brand's own reply, filed under the customer whose case it answers.
   */
  signal: 'known-identity' | 'inferred' | 'new-persona' | 'merged' | 'brand';
  evidence: IdentityEvidence | null;
  /** Set with the `merged` signal: the merge this mention triggered (stored with the batch). */
  merge?: PersonaMerge;
}

export type DecisionRule =
  | 'reply-thread'
  | 'conversation'
  | 'case-number'
  | 'open-case'
  | 'reopened-case'
  | 'follow-up'
  | 'new-case'
  | 'ignored'
  | 'brand-reply';

/** Why a mention went where it went; stored with every interaction and shown to the social team. */
export interface MatchExplanation {
  rule: DecisionRule;
  summary: string;
  ruleSetVersion: number;
  rulesFired: string[];
  tags: string[];
  identity: ResolvedCustomer;
  identifiers: ExtractedIdentifiers;
  sentiment: number | null;
  /** From the source, or detected when a rule needed it; null when neither. */
  language: string | null;
  candidates: Array<{ caseId: string; caseNumber: string | null; reason: string; chosen: boolean }>;
  /**
   * The thread this post is part of when the thread's case is another customer's (a third party
   * replying in a customer's thread, a second commenter under the page's post): the post it
   * answers (else its conversation's root) on `platform`, and the case holding it. The post went
   * to its own author's case; the thread is shown there as context, never joined.
   */
  context?: ThreadContext;
  /**
   * Why an ignored mention was ignored: `rule` (an ignore rule), `repost` (a retweet),
   * `removed-unseen` (deleted before it was stored). Counted per source and reason.
   */
  ignoredReason?: string;
}

/** A thread kept as context on another customer's case (see `MatchExplanation.context`). */
export interface ThreadContext {
  platform: string;
  /** The post replied to, else the conversation's root post (platform ids). */
  postId: string;
  conversationId: string | null;
  caseId: string;
  caseNumber: string | null;
}

export type CaseDecision =
  | { kind: 'link'; target: CaseRef; reopen: boolean; explanation: MatchExplanation }
  | {
      kind: 'open';
      target: CaseRef;
      priority: number;
      category: string | null;
      explanation: MatchExplanation;
      /** A follow-up (rule `follow-up`): the earlier, resolved case the new one continues. */
      follows?: CaseRef;
    }
  /** Stored for the record, on no case, and never routed. */
  | { kind: 'ignore'; target: null; explanation: MatchExplanation }
  /**
   * The brand's own reply (direction outbound), kept on the case of the thread it answers so a
   * customer's answer to it threads there too; not a customer contact: never routed, no reopen.
   */
  | { kind: 'record'; target: CaseRef; explanation: MatchExplanation };

export interface MatchOutcome {
  mention: SocialMention;
  customer: ResolvedCustomer;
  decision: CaseDecision;
  ruleSetVersion: number;
}

/** What the repository must look up for a batch, beyond its authors, posts and conversations. */
export interface SnapshotLookups {
  caseNumbers: string[];
  identifiers: IdentityEvidence[];
}

/** What the repository knows before the batch, loaded with a handful of set-based queries. */
export interface MatchingSnapshot {
  /** `platform:authorId` → customer with an identity on file. Unknown authors are absent. */
  customerByAuthor: Map<string, string>;
  /** customerId → tier, for every customer the snapshot mentions. */
  tierByCustomer: Map<string, string>;
  /** customerId → the most recent open case and the most recently resolved case, newest first. */
  casesByCustomer: Map<string, CaseCandidate[]>;
  /** `platform:externalId` of a post already on a case → that case (reply threading). */
  caseByPost: Map<string, CaseCandidate>;
  /** `platform:conversationId` → the case that last took a post of that conversation. */
  caseByConversation: Map<string, CaseCandidate>;
  /**
   * `platform:conversationId:customerId` (see `customerConversationKey`) → that customer's case
   * that last took a post of the conversation, for known authors whose conversation's latest case
   * is another customer's (a customer answering, days later, the brand's reply to someone else in
   * a thread they posted in before). Absent when the latest case is theirs or they have none there.
   */
  customerCaseByConversation: Map<string, CaseCandidate>;
  /** Upper-cased case number → case (a merged case's number → the case it was merged into). */
  caseByNumber: Map<string, CaseCandidate>;
  /** `kind:value` of an identifier on file (email, phone, account) → customer. */
  customerByIdentifier: Map<string, string>;
  /**
   * Customers the matcher made for unknown authors (and not merged away), among those the snapshot
   * mentions: an identifier that ties one of them to another customer merges them.
   */
  personas: Set<string>;
}

export const identifierKey = (e: IdentityEvidence) => `${e.kind}:${e.value}`;
export const postKey = (platform: string, externalId: string) => `${platform}:${externalId}`;
/** Key of `MatchingSnapshot.customerCaseByConversation`. */
export const customerConversationKey = (
  platform: string,
  conversationId: string,
  customerId: string,
) => `${platform}:${conversationId}:${customerId}`;
