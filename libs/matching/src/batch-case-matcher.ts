import { mentionKey, type SocialMention } from '@scb/contracts';
import { CaseCandidateSelector, label, markChosen, type Choice } from './case-candidate.selector';
import {
  customerConversationKey,
  identifierKey,
  postKey,
  type CaseCandidate,
  type CaseDecision,
  type IdentityEvidence,
  type MatchExplanation,
  type MatchingSnapshot,
  type MatchOutcome,
  type PersonaMerge,
  type ResolvedCustomer,
  type SnapshotLookups,
  type ThreadContext,
} from './case-decision';
import { brandReplyOutcome } from './brand-reply.outcome';
import type { ExtractedIdentifiers } from './identifier.extractor';
import type { RuleSet, RuleVerdict } from './rule-set';
import { foldWords } from './text-folding';

export const DEFAULT_PRIORITY = 3;

/** A score for the text, or null when unknown; rules with a sentiment range need one. */
export type SentimentScorer = (text: string) => number | null;

/** The language of a text (ISO 639-1), for mentions whose source did not say. */
export type LanguageDetector = (text: string) => string | null;

/** The two halves of a batch decision around the repository's snapshot load. */
export interface BatchDecider {
  lookups(mentions: SocialMention[]): SnapshotLookups;
  decide(mentions: SocialMention[], snapshot: MatchingSnapshot): MatchOutcome[];
}

/**
 * Decides, in arrival order, which case each mention of a batch belongs to, in this order:
 * reply thread or conversation, explicit case number, the customer's open (or recently resolved)
 * case, else a new case (a follow-up of a resolved case the text names, or of the known
 * customer's recently resolved case). Pure: the snapshot carries everything known beforehand, and decisions
 * made earlier in the batch feed later ones (an author's first post opens the case, the next
 * joins it).
 */
export class BatchCaseMatcher {
  constructor(
    private readonly newId: () => string,
    private readonly sentiment: SentimentScorer = () => null,
    private readonly detectLanguage: LanguageDetector = () => null,
  ) {}

  /** A decider bound to one rule-set version, so a whole batch is decided by the same rules. */
  forBatch(ruleSet: RuleSet): BatchDecider {
    const found = new WeakMap<SocialMention, ExtractedIdentifiers>();
    const identifiersOf = (m: SocialMention) => {
      let ids = found.get(m);
      if (!ids) found.set(m, (ids = ruleSet.extractor.extract(m.text)));
      return ids;
    };
    return {
      lookups: (mentions) => {
        const all = mentions.map(identifiersOf);
        return {
          caseNumbers: [...new Set(all.flatMap((i) => i.caseNumbers))],
          identifiers: all.flatMap(evidenceOf),
        };
      },
      decide: (mentions, snapshot) =>
        new BatchState(
          snapshot,
          ruleSet,
          this.newId,
          this.sentiment,
          this.detectLanguage,
        ).decideAll(mentions, identifiersOf),
    };
  }

  /** Convenience for one call: extract, then decide against a snapshot built for these lookups. */
  match(mentions: SocialMention[], snapshot: MatchingSnapshot, ruleSet: RuleSet): MatchOutcome[] {
    return this.forBatch(ruleSet).decide(mentions, snapshot);
  }
}

function evidenceOf(ids: ExtractedIdentifiers): IdentityEvidence[] {
  return [
    ...ids.emails.map((value) => ({ kind: 'email' as const, value })),
    ...ids.phones.map((value) => ({ kind: 'phone' as const, value })),
    ...ids.accountNumbers.map((value) => ({ kind: 'account' as const, value })),
  ];
}

/** The snapshot plus what the batch has decided so far. */
class BatchState {
  private readonly authors = new Map<string, ResolvedCustomer>();
  private readonly posts: Map<string, CaseCandidate>;
  private readonly conversations: Map<string, CaseCandidate>;
  private readonly customerConversations: Map<string, CaseCandidate>;
  private readonly customerCases: Map<string, CaseCandidate[]>;
  private readonly personas: Set<string>;
  /** persona → the customer it was merged into in this batch. */
  private readonly mergedInto = new Map<string, string>();

  constructor(
    private readonly snapshot: MatchingSnapshot,
    private readonly ruleSet: RuleSet,
    private readonly newId: () => string,
    private readonly sentiment: SentimentScorer,
    private readonly detectLanguage: LanguageDetector,
  ) {
    this.posts = new Map(snapshot.caseByPost);
    this.conversations = new Map(snapshot.caseByConversation);
    this.customerConversations = new Map(snapshot.customerCaseByConversation);
    this.customerCases = new Map(snapshot.casesByCustomer);
    this.personas = new Set(snapshot.personas);
  }

  decideAll(
    mentions: SocialMention[],
    identifiersOf: (m: SocialMention) => ExtractedIdentifiers,
  ): MatchOutcome[] {
    return mentions.flatMap((mention): MatchOutcome[] => {
      const identifiers = identifiersOf(mention);
      if (mention.direction === 'outbound') return this.brandReply(mention, identifiers);
      const customer = this.resolve(mention, identifiers);
      const sentiment = this.sentiment(mention.text);
      // Detection costs more than everything else per mention: only when a rule asks for it.
      let detected: string | null | undefined;
      const language = () => {
        if (mention.lang !== null) return mention.lang;
        if (detected === undefined) detected = this.detectLanguage(mention.text);
        return detected;
      };
      const verdict = this.ruleSet.evaluate({
        mention,
        foldedText: foldWords(mention.text),
        identifiers,
        customerTier: this.snapshot.tierByCustomer.get(customer.customerId) ?? null,
        sentiment,
        language,
      });
      const explain = (
        rule: MatchExplanation['rule'],
        summary: string,
        candidates = [] as MatchExplanation['candidates'],
      ): MatchExplanation => ({
        rule,
        summary: customer.merge ? `${summary}; ${mergeNote(customer.merge)}` : summary,
        ruleSetVersion: this.ruleSet.version,
        rulesFired: verdict.fired,
        tags: verdict.tags,
        identity: customer,
        identifiers,
        sentiment,
        language: mention.lang ?? detected ?? null,
        candidates,
      });
      const decision = this.decide(mention, identifiers, customer, verdict, explain);
      this.remember(mention, decision);
      return [{ mention, customer, decision, ruleSetVersion: this.ruleSet.version }];
    });
  }

  /**
   * The brand's reply joins the case of the post it answers (or of its conversation); one that
   * answers nothing on a case is left out: it is no customer's contact, so no persona or case.
   * A brand post that starts its conversation (its id is the conversation's: a page post, an
   * announcement) answers nothing in it, so the customers who comment under it never make it
   * theirs: it is nobody's case, whichever of the post and the comments is decided first
   * (platform case 02a). A message echo is in the customer's conversation, not its root (05c).
   */
  private brandReply(mention: SocialMention, identifiers: ExtractedIdentifiers): MatchOutcome[] {
    const startsIt = mention.conversationId === mention.externalId;
    const thread =
      (mention.inReplyToId && this.posts.get(postKey(mention.platform, mention.inReplyToId))) ||
      (mention.conversationId &&
        !startsIt &&
        this.conversations.get(postKey(mention.platform, mention.conversationId))) ||
      null;
    if (!thread) return [];
    const target = this.current(thread);
    this.posts.set(postKey(mention.platform, mention.externalId), target);
    return [brandReplyOutcome(mention, identifiers, target, this.ruleSet.version)];
  }

  /**
   * Identity on file, else an identifier in the text that proves who it is, else a new persona.
   * When the author is known and the identifier names another customer, one of the two being a
   * persona, the persona is merged into the other: its cases follow for the rest of the batch.
   */
  private resolve(mention: SocialMention, ids: ExtractedIdentifiers): ResolvedCustomer {
    const key = mentionKey(mention);
    const proof = this.proof(ids);
    const known = this.snapshot.customerByAuthor.get(key);
    const earlier = this.authors.get(key);
    const current: ResolvedCustomer | undefined = earlier
      ? { ...earlier, customerId: this.follow(earlier.customerId) }
      : known
        ? { customerId: this.follow(known), signal: 'known-identity', evidence: null }
        : undefined;
    if (current) {
      const merge = proof && this.merge(current.customerId, proof.owner, proof.evidence);
      if (!merge) return current;
      this.authors.set(key, {
        customerId: merge.intoCustomerId,
        signal: 'known-identity',
        evidence: null,
      });
      return {
        customerId: merge.intoCustomerId,
        signal: 'merged',
        evidence: proof.evidence,
        merge,
      };
    }
    const resolved = proof
      ? inferred(proof.owner, proof.evidence)
      : { customerId: this.newId(), signal: 'new-persona' as const, evidence: null };
    if (!proof) this.personas.add(resolved.customerId);
    this.authors.set(key, resolved);
    return resolved;
  }

  /** The first identifier in the text that belongs to a customer: case numbers first. */
  private proof(ids: ExtractedIdentifiers): { owner: string; evidence: IdentityEvidence } | null {
    for (const value of ids.caseNumbers) {
      const owner = this.snapshot.caseByNumber.get(value)?.customerId;
      if (owner) return { owner: this.follow(owner), evidence: { kind: 'case-number', value } };
    }
    for (const evidence of evidenceOf(ids)) {
      const owner = this.snapshot.customerByIdentifier.get(identifierKey(evidence));
      if (owner) return { owner: this.follow(owner), evidence };
    }
    return null;
  }

  /**
   * Folds the persona of the two into the other (the author's persona into the identifier's
   * owner when both are personas); null when they are one already or neither is a persona.
   */
  private merge(
    authorId: string,
    ownerId: string,
    evidence: IdentityEvidence,
  ): PersonaMerge | null {
    if (authorId === ownerId) return null;
    const [from, into] = this.personas.has(authorId)
      ? [authorId, ownerId]
      : this.personas.has(ownerId)
        ? [ownerId, authorId]
        : [null, null];
    if (from === null) return null;
    this.mergedInto.set(from, into);
    this.personas.delete(from);
    // The author's cases come first: the conversation they are in stays on its case.
    const cases = [authorId, ownerId]
      .flatMap((id) => this.customerCases.get(id) ?? [])
      .map((c) => ({ ...c, customerId: into }));
    this.customerCases.delete(from);
    this.customerCases.set(
      into,
      cases.filter((c) => c.status === 'open').concat(cases.filter((c) => c.status !== 'open')),
    );
    return { fromCustomerId: from, intoCustomerId: into, evidence };
  }

  /** The customer an id stands for now, after the merges this batch made. */
  private follow(customerId: string): string {
    let id = customerId;
    for (let next = this.mergedInto.get(id); next; next = this.mergedInto.get(id)) id = next;
    return id;
  }

  private decide(
    mention: SocialMention,
    ids: ExtractedIdentifiers,
    customer: ResolvedCustomer,
    verdict: RuleVerdict,
    explain: (
      rule: MatchExplanation['rule'],
      summary: string,
      c?: MatchExplanation['candidates'],
    ) => MatchExplanation,
  ): CaseDecision {
    const notContact = notACustomerContact(mention);
    if (notContact) {
      return {
        kind: 'ignore',
        target: null,
        explanation: {
          ...explain('ignored', notContact.summary),
          ignoredReason: notContact.reason,
        },
      };
    }
    if (verdict.ignore) {
      return {
        kind: 'ignore',
        target: null,
        explanation: {
          ...explain('ignored', `ignored by rule ${verdict.fired.join(', ')}: stored, not routed`),
          ignoredReason: 'rule',
        },
      };
    }
    const candidates: MatchExplanation['candidates'] = [];
    // The reopen window is measured to the post's own time, so a replay decides as live would.
    const selector = new CaseCandidateSelector(this.ruleSet.policy, new Date(mention.createdAt));
    const thread: { context?: ThreadContext } = {};
    const choice = verdict.alwaysNewCase
      ? null
      : this.choose(mention, ids, customer, verdict, candidates, selector, thread);
    const withContext = (e: MatchExplanation): MatchExplanation =>
      thread.context && choice?.target.caseId !== thread.context.caseId
        ? { ...e, context: thread.context }
        : e;
    if (choice) {
      this.listOutranked(ids, customer, choice, candidates, selector);
      const target = {
        caseId: choice.target.caseId,
        caseNumber: choice.target.caseNumber,
        customerId: this.follow(choice.target.customerId),
      };
      return {
        kind: 'link',
        target,
        reopen: choice.reopen,
        explanation: withContext(
          explain(choice.rule, choice.summary, markChosen(candidates, target)),
        ),
      };
    }
    const target = { caseId: this.newId(), caseNumber: null, customerId: customer.customerId };
    const followUp = verdict.alwaysNewCase
      ? null
      : this.followUpOf(mention, ids, customer, candidates, selector);
    if (followUp) {
      return {
        kind: 'open',
        target,
        priority: verdict.priority ?? DEFAULT_PRIORITY,
        category: verdict.category,
        follows: {
          caseId: followUp.earlier.caseId,
          caseNumber: followUp.earlier.caseNumber,
          customerId: target.customerId,
        },
        explanation: explain(
          'follow-up',
          `opened a follow-up of case ${label(followUp.earlier)}: ${followUp.why}`,
          candidates,
        ),
      };
    }
    const why = verdict.alwaysNewCase
      ? `rule ${verdict.fired.join(', ')} always opens a new case`
      : customer.signal === 'new-persona'
        ? 'a new customer persona'
        : candidates.length > 0
          ? 'no candidate case could take it'
          : 'the customer has no open case';
    return {
      kind: 'open',
      target,
      priority: verdict.priority ?? DEFAULT_PRIORITY,
      category: verdict.category,
      explanation: withContext(explain('new-case', `opened a new case: ${why}`, candidates)),
    };
  }

  private choose(
    mention: SocialMention,
    ids: ExtractedIdentifiers,
    customer: ResolvedCustomer,
    verdict: RuleVerdict,
    candidates: MatchExplanation['candidates'],
    selector: CaseCandidateSelector,
    thread: { context?: ThreadContext },
  ): Choice | null {
    const pick = (c: CaseCandidate | undefined, reason: string, directReply = false) =>
      selector.consider(c, reason, verdict, candidates, directReply);
    // A thread's case is its customer's (any of their identities, merges followed): another
    // author replying in it (a third party, a second commenter under the same page post) is
    // another customer, who gets a case of their own; the thread's case stays listed, and the
    // post it answers is kept as context. Brand posts never get here (see brandReply).
    const own = (
      c: CaseCandidate | undefined,
      what: string,
      postId: string,
    ): CaseCandidate | undefined => {
      if (!c || this.follow(c.customerId) === customer.customerId) return c;
      const theirs = this.current(c);
      selector.reject(
        theirs,
        `${what}, but the case is another customer's: kept as context, not joined`,
        candidates,
      );
      thread.context ??= {
        platform: mention.platform,
        postId,
        conversationId: mention.conversationId,
        caseId: theirs.caseId,
        caseNumber: theirs.caseNumber,
      };
      return undefined;
    };
    const replied = mention.inReplyToId
      ? pick(
          own(
            this.posts.get(postKey(mention.platform, mention.inReplyToId)),
            `holds post ${mention.inReplyToId}, which this replies to`,
            mention.inReplyToId,
          ),
          `holds post ${mention.inReplyToId}, which this replies to`,
          // Answering a post on the customer's own case continues it at any age (selector).
          true,
        )
      : null;
    if (replied)
      return choice(
        'reply-thread',
        replied,
        replied.status === 'resolved'
          ? `replies to post ${mention.inReplyToId} on case ${label(replied)}: reopened, as a direct reply continues its conversation whatever the reopen window`
          : `replies to post ${mention.inReplyToId}, already on case ${label(replied)}`,
      );
    const conversationId = mention.conversationId;
    // The case that last took a post of the conversation; else (when that is someone else's) the
    // customer's own case that last took a post of it (a customer answering, days later, the
    // brand's reply to another customer in a thread they posted in before); else the root post's
    // case (e.g. the customer answering a third party's reply in her own thread).
    const conversation = conversationId
      ? pick(
          own(
            this.conversations.get(postKey(mention.platform, conversationId)),
            `holds conversation ${conversationId}`,
            conversationId,
          ) ??
            this.ownInConversation(mention.platform, conversationId, customer.customerId) ??
            own(
              this.posts.get(postKey(mention.platform, conversationId)),
              `holds post ${conversationId}, the root of its conversation`,
              conversationId,
            ),
          `holds conversation ${conversationId}`,
          // A post in the thread of the customer's own case continues it too (selector).
          true,
        )
      : null;
    if (conversation)
      return choice(
        'conversation',
        conversation,
        conversation.status === 'resolved'
          ? `same conversation ${mention.conversationId} as case ${label(conversation)}: reopened, as a post in its thread continues it whatever the reopen window`
          : `same conversation ${mention.conversationId} as case ${label(conversation)}`,
      );
    for (const number of ids.caseNumbers) {
      const named = this.snapshot.caseByNumber.get(number);
      if (!named) continue;
      if (this.follow(named.customerId) !== customer.customerId) {
        selector.reject(
          named,
          `case number ${number} in the text belongs to another customer`,
          candidates,
        );
        continue;
      }
      const taken = pick(this.current(named), `case number ${number} in the text`);
      if (taken)
        return choice('case-number', taken, `names case ${number}, which belongs to this customer`);
    }
    for (const own of this.customerCases.get(customer.customerId) ?? []) {
      const reason =
        own.status === 'open'
          ? "customer's most recent open case"
          : "customer's most recently resolved case";
      const taken = pick(own, reason);
      if (taken) {
        return taken.status === 'open'
          ? choice('open-case', taken, `joined the customer's open case ${label(taken)}`)
          : choice(
              'reopened-case',
              taken,
              `reopened the customer's case ${label(taken)}, resolved within the reopen window`,
            );
      }
    }
    return null;
  }

  /**
   * The resolved case a new case continues (rule `follow-up`), when no case could take the
   * mention: a case of this customer named in the text (whatever its age: the customer points
   * at it), else, for a customer known before this post, their most recent case when it is
   * resolved (no open one) within the policy's `followUpWindowDays` of the post. The earlier
   * case is listed as a candidate (with why it could not be reopened).
   */
  private followUpOf(
    mention: SocialMention,
    ids: ExtractedIdentifiers,
    customer: ResolvedCustomer,
    candidates: MatchExplanation['candidates'],
    selector: CaseCandidateSelector,
  ): { earlier: CaseCandidate; why: string } | null {
    for (const number of ids.caseNumbers) {
      const named = this.snapshot.caseByNumber.get(number);
      if (!named || this.follow(named.customerId) !== customer.customerId) continue;
      const earlier = this.current(named);
      if (earlier.status !== 'resolved') continue;
      selector.reject(earlier, `case number ${number} in the text`, candidates);
      return {
        earlier,
        why: `names case ${number}, resolved and not reopened (see its candidate line)`,
      };
    }
    const windowDays = this.ruleSet.policy.followUpWindowDays;
    if (customer.signal === 'new-persona' || windowDays <= 0) return null;
    const own = this.customerCases.get(customer.customerId) ?? [];
    if (own.some((c) => c.status === 'open')) return null;
    const earlier = own.find((c) => c.status === 'resolved' && c.resolvedAt !== null);
    if (!earlier) return null;
    const ageDays = (Date.parse(mention.createdAt) - Date.parse(earlier.resolvedAt!)) / 86_400_000;
    if (ageDays > windowDays) return null;
    selector.reject(earlier, "customer's most recently resolved case", candidates);
    return {
      earlier,
      why: `the customer's most recent case, resolved ${Math.round(ageDays)} day(s) before this post, within the ${windowDays}-day follow-up window`,
    };
  }

  /** Weaker signals the chosen case beat, so the explanation shows what else was possible. */
  private listOutranked(
    ids: ExtractedIdentifiers,
    customer: ResolvedCustomer,
    choice: Choice,
    candidates: MatchExplanation['candidates'],
    selector: CaseCandidateSelector,
  ): void {
    const named = ids.caseNumbers.flatMap((n) => this.snapshot.caseByNumber.get(n) ?? []);
    const own = this.customerCases.get(customer.customerId) ?? [];
    for (const other of [...named, ...own]) {
      if (this.follow(other.customerId) !== customer.customerId) continue;
      selector.reject(other, `also possible, outranked by the ${choice.rule} signal`, candidates);
    }
  }

  /** The customer's own case that last took a post of the conversation, as the batch sees it. */
  private ownInConversation(
    platform: string,
    conversationId: string,
    customerId: string,
  ): CaseCandidate | undefined {
    const found = this.customerConversations.get(
      customerConversationKey(platform, conversationId, customerId),
    );
    return found && this.current(found);
  }

  /** The batch's own view of a case wins over the snapshot's (it may have been reopened). */
  private current(c: CaseCandidate): CaseCandidate {
    const own = this.customerCases.get(this.follow(c.customerId)) ?? [];
    return (
      own.find((x) => x.caseId === c.caseId) ?? { ...c, customerId: this.follow(c.customerId) }
    );
  }

  private remember(mention: SocialMention, decision: CaseDecision): void {
    if (decision.kind === 'ignore' || decision.kind === 'record') return;
    const target = decision.target;
    const own = this.customerCases.get(target.customerId) ?? [];
    const known = own.find((c) => c.caseId === target.caseId);
    // Built with one fixed shape (no spreads): this runs once per mention on the hot path.
    const now: CaseCandidate = {
      caseId: target.caseId,
      caseNumber: known ? known.caseNumber : target.caseNumber,
      customerId: target.customerId,
      status: 'open',
      category: known ? known.category : decision.kind === 'open' ? decision.category : null,
      resolvedAt: null,
    };
    this.posts.set(postKey(mention.platform, mention.externalId), now);
    if (mention.conversationId) {
      this.conversations.set(postKey(mention.platform, mention.conversationId), now);
      this.customerConversations.set(
        customerConversationKey(mention.platform, mention.conversationId, now.customerId),
        now,
      );
    }
    const updated = [now];
    for (const c of own) if (c.caseId !== now.caseId) updated.push(c);
    this.customerCases.set(now.customerId, updated);
  }
}

/**
 * Posts that reach the matcher but are no customer contact: a repost (X retweet) repeats someone
 * else's words; a removal of a post the product never stored has nothing left to act on.
 */
function notACustomerContact(mention: SocialMention): { reason: string; summary: string } | null {
  if (mention.repostOf)
    return {
      reason: 'repost',
      summary: `a repost of post ${mention.repostOf}, not a customer contact: stored, not routed`,
    };
  if (mention.lifecycle === 'removed')
    return {
      reason: 'removed-unseen',
      summary: 'removed by its author before the product stored it: recorded, not routed',
    };
  return null;
}

function mergeNote(m: PersonaMerge): string {
  return `persona ${m.fromCustomerId} merged into customer ${m.intoCustomerId}: ${m.evidence.kind} ${m.evidence.value} proves they are one`;
}

function inferred(customerId: string, evidence: IdentityEvidence): ResolvedCustomer {
  return { customerId, signal: 'inferred', evidence };
}

function choice(rule: Choice['rule'], target: CaseCandidate, summary: string): Choice {
  return { rule, target, reopen: target.status === 'resolved', summary };
}
