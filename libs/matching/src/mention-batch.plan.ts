import { mentionKey, partitionKey, type SocialMention } from '@scb/contracts';
import { identifierKey, postKey, type MatchOutcome } from './case-decision';

/** A mention as consumed: the post, when it reached Kafka, and the trace of the work on it. */
export interface IncomingMention {
  mention: SocialMention;
  /** When the mention reached Kafka; the start of the post-to-queue latency. */
  publishedAt: Date;
  /** W3C traceparent of the matcher's work on it; stored with its case events (outbox). */
  traceparent?: string;
}

/** What became of one batch of mentions (counts; `decisions` one per mention decided). */
export interface MentionBatchResult {
  stored: number;
  duplicates: number;
  /** The brand's replies that answer no post on a case: not stored (no customer to file them). */
  brandRepliesLeftOut: number;
  /** Those brand replies themselves: the matcher holds them for a retry (their case may come). */
  leftOut: IncomingMention[];
  casesOpened: number;
  reopened: number;
  ignored: number;
  /** Personas merged into the customer an identifier in a mention proved them to be. */
  merged: number;
  /** Every decision of the batch: the rule that decided and what became of the mention. */
  decisions: Array<{ rule: string; outcome: MatchDecisionOutcome }>;
  /** Edits applied to a stored interaction (its earlier text kept in `revisions`). */
  edited: number;
  /** Stored interactions marked removed by their author (text kept for the audit). */
  removed: number;
}

/** joined: an existing case; outbound: the brand's own reply (recorded or left out). */
export type MatchDecisionOutcome = 'joined' | 'new_case' | 'ignored' | 'outbound';

const OUTCOME_OF_KIND: Record<MatchOutcome['decision']['kind'], MatchDecisionOutcome> = {
  link: 'joined',
  open: 'new_case',
  ignore: 'ignored',
  record: 'outbound',
};

/** The result of a batch that stored nothing. */
export const emptyBatchResult = (): MentionBatchResult => ({
  stored: 0,
  duplicates: 0,
  brandRepliesLeftOut: 0,
  leftOut: [],
  casesOpened: 0,
  reopened: 0,
  ignored: 0,
  merged: 0,
  decisions: [],
  edited: 0,
  removed: 0,
});

/** Adds two batch results (the mention-by-mention retry of a refused batch). */
export function addBatchResults(a: MentionBatchResult, b: MentionBatchResult): MentionBatchResult {
  return {
    stored: a.stored + b.stored,
    duplicates: a.duplicates + b.duplicates,
    brandRepliesLeftOut: a.brandRepliesLeftOut + b.brandRepliesLeftOut,
    leftOut: [...a.leftOut, ...b.leftOut],
    casesOpened: a.casesOpened + b.casesOpened,
    reopened: a.reopened + b.reopened,
    ignored: a.ignored + b.ignored,
    merged: a.merged + b.merged,
    decisions: [...a.decisions, ...b.decisions],
    edited: a.edited + b.edited,
    removed: a.removed + b.removed,
  };
}

/** The advisory-lock keys of a batch: each author and each customer party (the partition key). */
export const lockKeysOf = (incoming: IncomingMention[]): string[] =>
  incoming.flatMap((i) => [mentionKey(i.mention), partitionKey(i.mention)]);

/** `platform:externalId` of each mention. */
export const postKeyOf = (m: SocialMention) => postKey(m.platform, m.externalId);

/**
 * Splits edits and removals (`lifecycle` other than `created`) from new posts: a change whose
 * post is stored (`stored`), or is a new post of this batch, is applied to it after the inserts;
 * the first change of a post never seen becomes the post (later ones of the batch apply to it).
 */
export function splitChanges(
  incoming: IncomingMention[],
  stored: ReadonlySet<string>,
): { posts: IncomingMention[]; changes: IncomingMention[] } {
  if (incoming.every((i) => i.mention.lifecycle === 'created'))
    return { posts: incoming, changes: [] };
  const known = new Set(stored);
  const posts: IncomingMention[] = [];
  const changes: IncomingMention[] = [];
  for (const item of incoming) {
    const key = postKeyOf(item.mention);
    if (item.mention.lifecycle === 'created' || !known.has(key)) {
      posts.push(item);
      known.add(key);
    } else changes.push(item);
  }
  return { posts, changes };
}

/** The first of each post in a batch (a post twice in one batch is one post). */
export function firstOfEachPost(incoming: IncomingMention[]): IncomingMention[] {
  const unique = new Map<string, IncomingMention>();
  for (const item of incoming) {
    const key = postKeyOf(item.mention);
    if (!unique.has(key)) unique.set(key, item);
  }
  return [...unique.values()];
}

/** Customers to create for unknown authors (personas). */
export interface PersonaRow {
  customerId: string;
  displayName: string | null;
}

/** An author's identity to store: observed (a persona's own) or inferred from an identifier. */
export interface IdentityRow {
  customerId: string;
  platform: string;
  externalUserId: string;
  handle: string | null;
  displayName: string | null;
  link: 'observed' | 'inferred';
  /** The identifier that tied the author to the customer, with the post it was found in. */
  evidence: Record<string, unknown> | null;
}

/**
 * The identities a batch adds: one per author not on file (the first outcome decides), and a
 * persona customer for each new one; known, merged and brand authors add nothing.
 */
export function newIdentities(outcomes: MatchOutcome[]): {
  personas: PersonaRow[];
  identities: IdentityRow[];
} {
  const byAuthor = new Map<string, MatchOutcome>();
  for (const o of outcomes) {
    const onFile = ['known-identity', 'merged', 'brand'].includes(o.customer.signal);
    if (!onFile && !byAuthor.has(mentionKey(o.mention))) byAuthor.set(mentionKey(o.mention), o);
  }
  const fresh = [...byAuthor.values()];
  return {
    personas: fresh
      .filter((o) => o.customer.signal === 'new-persona')
      .map((o) => ({
        customerId: o.customer.customerId,
        displayName: o.mention.authorName ?? o.mention.authorHandle,
      })),
    identities: fresh.map((o) => ({
      customerId: o.customer.customerId,
      platform: o.mention.platform,
      externalUserId: o.mention.authorId,
      handle: o.mention.authorHandle,
      displayName: o.mention.authorName,
      link: o.customer.signal === 'inferred' ? 'inferred' : 'observed',
      evidence: o.customer.evidence
        ? { ...o.customer.evidence, externalId: o.mention.externalId }
        : null,
    })),
  };
}

/** A phone number or email a post's author typed that no customer has on file yet. */
export interface LearntIdentifierRow {
  kind: 'phone' | 'email';
  /** Normalized as extracted: E.164 phone, lower-case email. */
  value: string;
  customerId: string;
  /** Which post it was typed in (`platform`, `externalId`). */
  evidence: { kind: 'phone' | 'email'; value: string; platform: string; externalId: string };
}

/**
 * The phone numbers and emails the batch's authors typed that no customer has on file: each is
 * a claim of the author's customer (trust `claimed`, docs/identity.md), so a later call from that
 * number, or a post quoting it, finds that customer. The first mention to type one wins; ignored
 * mentions and the brand's replies teach nothing. `onFile` holds `identifierKey`s already known.
 */
export function learntIdentifiers(
  outcomes: MatchOutcome[],
  onFile: ReadonlyMap<string, string>,
): LearntIdentifierRow[] {
  const learnt = new Map<string, LearntIdentifierRow>();
  for (const o of outcomes) {
    if (o.decision.kind === 'ignore' || o.decision.kind === 'record') continue;
    const { phones, emails } = o.decision.explanation.identifiers;
    const typed = [
      ...phones.map((value) => ({ kind: 'phone' as const, value })),
      ...emails.map((value) => ({ kind: 'email' as const, value })),
    ];
    for (const id of typed) {
      const key = identifierKey(id);
      if (onFile.has(key) || learnt.has(key)) continue;
      learnt.set(key, {
        ...id,
        customerId: o.customer.customerId,
        evidence: { ...id, platform: o.mention.platform, externalId: o.mention.externalId },
      });
    }
  }
  return [...learnt.values()];
}

/** A case the batch opens. */
export interface OpenedCaseRow {
  caseId: string;
  customerId: string;
  category: string | null;
  priority: number;
  /** The earlier case a follow-up continues; null otherwise. */
  followsCaseId: string | null;
}

/** The cases a batch opens, and the existing cases it joins (each once; they are touched). */
export function caseWrites(outcomes: MatchOutcome[]): {
  opened: OpenedCaseRow[];
  joined: string[];
} {
  const opened: OpenedCaseRow[] = [];
  const joined = new Set<string>();
  for (const { decision: d } of outcomes) {
    if (d.kind === 'open')
      opened.push({
        caseId: d.target.caseId,
        customerId: d.target.customerId,
        category: d.category,
        priority: d.priority,
        followsCaseId: d.follows?.caseId ?? null,
      });
    else if (d.kind === 'link') joined.add(d.target.caseId);
  }
  return { opened, joined: [...joined] };
}

/** An interaction row as stored (snake_case: it is sent to Postgres as one JSON document). */
export interface InteractionRow {
  id: string;
  case_id: string | null;
  customer_id: string;
  platform: string;
  external_id: string;
  author_id: string;
  text: string;
  occurred_at: string;
  published_at: string | undefined;
  direction: SocialMention['direction'];
  decision: MatchOutcome['decision']['explanation'];
  payload: SocialMention;
  ignored: boolean;
  rule_set_version: number;
  tags: string[];
  conversation_id: string | null;
  removed_at: string | null;
  edited_at: string | null;
}

/** One interaction per outcome, `ids[i]` the id of the i-th; `fresh` gives each its Kafka time. */
export function interactionRows(
  fresh: IncomingMention[],
  outcomes: MatchOutcome[],
  ids: string[],
): InteractionRow[] {
  const publishedAt = new Map(fresh.map((f) => [f.mention, f.publishedAt.toISOString()]));
  return outcomes.map((o, i) => ({
    id: ids[i],
    case_id: o.decision.target?.caseId ?? null,
    customer_id: o.customer.customerId,
    platform: o.mention.platform,
    external_id: o.mention.externalId,
    author_id: o.mention.authorId,
    text: o.mention.text,
    occurred_at: o.mention.createdAt,
    published_at: publishedAt.get(o.mention),
    direction: o.mention.direction,
    decision: o.decision.explanation,
    payload: o.mention,
    ignored: o.decision.kind === 'ignore',
    rule_set_version: o.ruleSetVersion,
    tags: o.decision.explanation.tags,
    conversation_id: o.mention.conversationId,
    // A removal of a post never stored is recorded as removed; an edit of one as edited.
    removed_at: o.mention.lifecycle === 'removed' ? o.mention.createdAt : null,
    edited_at: o.mention.lifecycle === 'edited' ? o.mention.createdAt : null,
  }));
}

/** A persona merge the matcher decided, with the mention's identifier as its evidence. */
export interface MergeStep {
  fromCustomerId: string;
  intoCustomerId: string;
  evidence: { kind: string; value: string; note: string };
}

/** The merges of a batch in decision order. */
export function mergeSteps(outcomes: MatchOutcome[]): MergeStep[] {
  return outcomes.flatMap((o) => {
    const merge = o.customer.merge;
    if (!merge) return [];
    return [
      {
        fromCustomerId: merge.fromCustomerId,
        intoCustomerId: merge.intoCustomerId,
        evidence: {
          ...merge.evidence,
          note: `found in ${o.mention.platform} post ${o.mention.externalId}`,
        },
      },
    ];
  });
}

/** Follows merges to the customer a (possibly merged-away) customer id ended up as. */
export function finalCustomerOf(steps: MergeStep[]): (customerId: string) => string {
  const into = new Map(steps.map((s) => [s.fromCustomerId, s.intoCustomerId]));
  const final = (id: string): string => (into.has(id) ? final(into.get(id)!) : id);
  return final;
}

/**
 * The batch's result from its outcomes: `posts` were the batch's new posts (before dropping
 * those already stored), `fresh` the ones not stored yet; outcomes exist for the fresh posts
 * minus the brand's replies left out (`leftOut`: a reply whose thread has no case yet).
 */
export function batchResult(
  counts: { posts: number; merged: number; edited: number; removed: number },
  fresh: IncomingMention[],
  outcomes: MatchOutcome[],
): MentionBatchResult {
  const count = (f: (o: MatchOutcome) => boolean) => outcomes.filter(f).length;
  const decided = new Set(outcomes.map((o) => o.mention));
  const leftOut = fresh.length - outcomes.length;
  return {
    edited: counts.edited,
    removed: counts.removed,
    stored: outcomes.length,
    duplicates: counts.posts - fresh.length,
    brandRepliesLeftOut: leftOut,
    leftOut: fresh.filter((f) => !decided.has(f.mention)),
    casesOpened: count((o) => o.decision.kind === 'open'),
    reopened: count((o) => o.decision.kind === 'link' && o.decision.reopen),
    ignored: count((o) => o.decision.kind === 'ignore'),
    merged: counts.merged,
    decisions: [
      ...outcomes.map((o) => ({
        rule: o.decision.explanation.rule,
        outcome: OUTCOME_OF_KIND[o.decision.kind],
      })),
      ...Array.from({ length: leftOut }, () => ({
        rule: 'brand-reply',
        outcome: 'outbound' as const,
      })),
    ],
  };
}
