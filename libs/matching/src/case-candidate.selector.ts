import type { CaseCandidate, CaseRef, DecisionRule, MatchExplanation } from './case-decision';
import type { CasePolicy } from './matching-rule.schema';
import type { RuleVerdict } from './rule-set';

type Candidates = MatchExplanation['candidates'];

export interface Choice {
  rule: DecisionRule;
  target: CaseCandidate;
  reopen: boolean;
  summary: string;
}

/**
 * Says whether a case may take the mention under the policy and the rules (a resolved case only
 * inside the reopen window and when no rule forbids reopening), and why not otherwise.
 *
 * `directReply`: the mention answers a post on that case (the brand's answer, or the customer's
 * own post) or is a post of the same platform conversation (thread), so it continues that
 * conversation: the reopen window, which guesses whether an unlinked post is the same matter,
 * does not apply; a do-not-reopen rule and same-category policy still do.
 */
export class CaseCandidateSelector {
  constructor(
    private readonly policy: CasePolicy,
    private readonly now: Date,
  ) {}

  /** Returns the case when eligible; records it as a candidate either way. */
  consider(
    candidate: CaseCandidate | undefined,
    reason: string,
    verdict: RuleVerdict,
    candidates: Candidates,
    directReply = false,
  ): CaseCandidate | null {
    if (!candidate || candidates.some((c) => c.caseId === candidate.caseId)) return null;
    const refusal = this.refusal(candidate, verdict, directReply);
    candidates.push({
      caseId: candidate.caseId,
      caseNumber: candidate.caseNumber,
      reason: refusal ? `${reason}; not taken: ${refusal}` : reason,
      chosen: false,
    });
    return refusal ? null : candidate;
  }

  reject(candidate: CaseCandidate, reason: string, candidates: Candidates): void {
    if (candidates.some((c) => c.caseId === candidate.caseId)) return;
    candidates.push({ ...pick(candidate), reason, chosen: false });
  }

  private refusal(
    candidate: CaseCandidate,
    verdict: RuleVerdict,
    directReply: boolean,
  ): string | null {
    if (
      this.policy.sameCategoryOnly &&
      verdict.category !== null &&
      candidate.category !== verdict.category
    ) {
      return `category ${candidate.category ?? 'none'} is not ${verdict.category}`;
    }
    if (candidate.status === 'open') return null;
    if (verdict.doNotReopen) return 'resolved, and a rule says do not reopen';
    if (directReply) return null;
    const resolvedAt = candidate.resolvedAt ? Date.parse(candidate.resolvedAt) : 0;
    const ageHours = (this.now.getTime() - resolvedAt) / 3_600_000;
    if (ageHours > this.policy.reopenWindowHours) {
      return `resolved ${Math.round(ageHours)} h ago, outside the ${this.policy.reopenWindowHours} h reopen window`;
    }
    return null;
  }
}

export function markChosen(candidates: Candidates, chosen: CaseRef): Candidates {
  return candidates.map((c) => ({ ...c, chosen: c.caseId === chosen.caseId }));
}

function pick(ref: CaseRef) {
  return { caseId: ref.caseId, caseNumber: ref.caseNumber };
}

export function label(ref: CaseRef): string {
  return ref.caseNumber ?? 'a case opened earlier in this batch';
}
