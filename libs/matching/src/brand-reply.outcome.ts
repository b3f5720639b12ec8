import type { SocialMention } from '@scb/contracts';
import { label } from './case-candidate.selector';
import type { CaseCandidate, MatchOutcome, ResolvedCustomer } from './case-decision';
import type { ExtractedIdentifiers } from './identifier.extractor';

/**
 * The brand's own reply, filed on the case of the thread it answers: no rules (they describe
 * customers' posts), no persona, and a `record` decision, which is never routed nor reopens.
 */
export function brandReplyOutcome(
  mention: SocialMention,
  identifiers: ExtractedIdentifiers,
  thread: CaseCandidate,
  ruleSetVersion: number,
): MatchOutcome {
  const customer: ResolvedCustomer = {
    customerId: thread.customerId,
    signal: 'brand',
    evidence: null,
  };
  const target = {
    caseId: thread.caseId,
    caseNumber: thread.caseNumber,
    customerId: thread.customerId,
  };
  return {
    mention,
    customer,
    ruleSetVersion,
    decision: {
      kind: 'record',
      target,
      explanation: {
        rule: 'brand-reply',
        summary: `the brand's reply, kept on case ${label(thread)} of the thread it answers; not routed`,
        ruleSetVersion,
        rulesFired: [],
        tags: [],
        identity: customer,
        identifiers,
        sentiment: null,
        language: mention.lang,
        candidates: [
          {
            caseId: thread.caseId,
            caseNumber: thread.caseNumber,
            reason: 'the thread it answers',
            chosen: true,
          },
        ],
      },
    },
  };
}
