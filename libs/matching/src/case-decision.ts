import type { SocialMention } from '@scb/contracts';

/** A case as the matcher sees it when deciding. */
export interface CaseRef {
  caseId: string;
  caseNumber: string | null;
  customerId: string;
}

/** Why a mention went where it went; stored with every interaction and shown to the social team. */
export interface MatchExplanation {
  rule: 'reply-thread' | 'open-case' | 'new-case';
  summary: string;
  identity: { signal: 'known-identity' | 'new-persona'; customerId: string };
  candidates: Array<{ caseId: string; caseNumber: string | null; reason: string; chosen: boolean }>;
}

export type CaseDecision =
  | { kind: 'link'; target: CaseRef; explanation: MatchExplanation }
  | {
      kind: 'open';
      target: CaseRef;
      priority: number;
      category: string | null;
      explanation: MatchExplanation;
    };

export interface MatchOutcome {
  mention: SocialMention;
  decision: CaseDecision;
}

/** What the repository knows before the batch, loaded with a handful of set-based queries. */
export interface MatchingSnapshot {
  /** `platform:authorId` → customer, including personas just created for unknown authors. */
  customerByAuthor: Map<string, { customerId: string; isNew: boolean }>;
  /** customerId → the customer's most recent open case. */
  openCaseByCustomer: Map<string, CaseRef>;
  /** `platform:externalId` of a post already on a case → that case (reply threading). */
  caseByPost: Map<string, CaseRef>;
}
