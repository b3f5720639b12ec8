import { mentionKey, type SocialMention } from '@scb/contracts';
import type { CaseDecision, CaseRef, MatchingSnapshot, MatchOutcome } from './case-decision';

export const DEFAULT_PRIORITY = 3;

const postKey = (platform: string, externalId: string) => `${platform}:${externalId}`;

/**
 * Decides, in arrival order, which case each mention of a batch belongs to. Pure: the snapshot
 * carries everything known beforehand, and decisions made earlier in the batch feed later ones
 * (an author's first post opens the case, the next joins it).
 */
export class BatchCaseMatcher {
  constructor(private readonly newId: () => string) {}

  match(mentions: SocialMention[], snapshot: MatchingSnapshot): MatchOutcome[] {
    const openCase = new Map(snapshot.openCaseByCustomer);
    const caseByPost = new Map(snapshot.caseByPost);
    return mentions.map((mention) => {
      const customer = snapshot.customerByAuthor.get(mentionKey(mention));
      if (!customer) throw new Error(`no customer resolved for ${mentionKey(mention)}`);
      const decision = this.decide(mention, customer, openCase, caseByPost);
      caseByPost.set(postKey(mention.platform, mention.externalId), decision.target);
      if (decision.kind === 'open') openCase.set(customer.customerId, decision.target);
      return { mention, decision };
    });
  }

  private decide(
    mention: SocialMention,
    customer: { customerId: string; isNew: boolean },
    openCase: Map<string, CaseRef>,
    caseByPost: Map<string, CaseRef>,
  ): CaseDecision {
    const identity = {
      signal: customer.isNew ? ('new-persona' as const) : ('known-identity' as const),
      customerId: customer.customerId,
    };
    const threadCase = mention.inReplyToId
      ? caseByPost.get(postKey(mention.platform, mention.inReplyToId))
      : undefined;
    const customerCase = openCase.get(customer.customerId);

    if (threadCase) {
      return {
        kind: 'link',
        target: threadCase,
        explanation: {
          rule: 'reply-thread',
          summary: `replies to post ${mention.inReplyToId}, already on case ${label(threadCase)}`,
          identity,
          candidates: candidates(threadCase, customerCase, 'reply thread'),
        },
      };
    }
    if (customerCase) {
      return {
        kind: 'link',
        target: customerCase,
        explanation: {
          rule: 'open-case',
          summary: `joined the customer's open case ${label(customerCase)}`,
          identity,
          candidates: candidates(customerCase, undefined, "customer's most recent open case"),
        },
      };
    }
    const target: CaseRef = {
      caseId: this.newId(),
      caseNumber: null,
      customerId: customer.customerId,
    };
    return {
      kind: 'open',
      target,
      priority: DEFAULT_PRIORITY,
      category: null,
      explanation: {
        rule: 'new-case',
        summary: customer.isNew
          ? 'opened a new case for a new customer persona'
          : 'opened a new case: the customer has no open case',
        identity,
        candidates: [],
      },
    };
  }
}

function label(ref: CaseRef): string {
  return ref.caseNumber ?? 'opened earlier in this batch';
}

function candidates(chosen: CaseRef, other: CaseRef | undefined, reason: string) {
  const list = [{ caseId: chosen.caseId, caseNumber: chosen.caseNumber, reason, chosen: true }];
  if (other && other.caseId !== chosen.caseId) {
    list.push({
      caseId: other.caseId,
      caseNumber: other.caseNumber,
      reason: "customer's most recent open case; the reply thread is the stronger signal",
      chosen: false,
    });
  }
  return list;
}
