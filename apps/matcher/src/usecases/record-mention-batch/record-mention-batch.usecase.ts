import { Logger } from '@nestjs/common';
import type { Clock, UnitOfWork } from '@scb/core';
import {
  addBatchResults,
  batchResult,
  caseEventsFor,
  caseWrites,
  emptyBatchResult,
  finalCustomerOf,
  firstOfEachPost,
  interactionRows,
  lockKeysOf,
  mergeSteps,
  learntIdentifiers,
  newIdentities,
  postKeyOf,
  splitChanges,
  type BatchDecider,
  type IncomingMention,
  type MentionBatchResult,
  type RuleSet,
} from '@scb/matching';
import type { Rejected } from '@scb/messaging';
import type { ServiceMetrics } from '@scb/observability';
import {
  isDataError,
  type CustomerMergeRepository,
  type MentionCaseRepository,
} from '@scb/persistence';
import type { MentionToRecord, RecordMentionBatchCommand } from './record-mention-batch.command';

/** The public face of `MentionCaseRepository` (what the use case calls; fakes implement it). */
export type MentionCases = Pick<MentionCaseRepository, keyof MentionCaseRepository>;

export interface RecordMentionBatchDeps {
  uow: UnitOfWork;
  mentionCases: MentionCases;
  merges: Pick<CustomerMergeRepository, 'merge'>;
  /** Decides a batch with one rule-set version (`BatchCaseMatcher`). */
  matcher: { forBatch(ruleSet: RuleSet): BatchDecider };
  /** The rule set in force (`RuleSetProvider`). */
  rules: { current(): RuleSet };
  /** `DeadLetterPublisher` to `social.mentions.v1.dlq`. */
  deadLetters: { publish(rejected: Rejected[]): Promise<void> };
  /** The outbox relay: told there are new case events to publish. */
  relay: { kick(): void };
  clock: Clock;
  /** Ids of interactions and case events (uuid). */
  newId: () => string;
  metrics?: ServiceMetrics | null;
  /**
   * Holds the brand's posts a batch left out (their thread has no case yet) for a retry, in the
   * batch's unit of work (`HeldBrandPostsStep`); none: they are only counted.
   */
  heldBrandPosts?: { hold(leftOut: IncomingMention[]): Promise<number> } | null;
}

/** The batch's result, plus how many of its records went to the dead-letter topic. */
export type RecordMentionBatchResult = MentionBatchResult & { deadLettered: number };

/**
 * Records one consumed batch of mentions in one unit of work: locks the authors, drops posts
 * already stored, loads the matching snapshot, lets the domain decide every mention with one
 * rule-set version, writes personas, identities, cases, interactions, merges and case events
 * (outbox), then applies edits and removals. Redelivered mentions are skipped by their
 * `platform:externalId` key, so replaying a batch changes nothing.
 *
 * Dead letters (contract violations, and mentions Postgres refuses) are published only after the
 * batch's transaction commits, so a batch that fails and is redelivered writes them once. A batch
 * the database refuses for its data (`isDataError`) is recorded again mention by mention, each in
 * its own unit of work, and only the refused ones are dead-lettered; other errors reject (the
 * consumer does not commit its offsets, and Kafka redelivers the batch).
 */
export class RecordMentionBatch {
  private readonly logger = new Logger(RecordMentionBatch.name);

  constructor(private readonly deps: RecordMentionBatchDeps) {}

  /** @throws the batch's error when it is not the data's fault (connection, concurrency). */
  async execute(command: RecordMentionBatchCommand): Promise<RecordMentionBatchResult> {
    const { mentions, rejected = [] } = command;
    if (mentions.length === 0) {
      await this.deadLetter(rejected, 'contract');
      return { ...emptyBatchResult(), deadLettered: rejected.length };
    }
    // One rule-set version decides the whole batch, even if a new one arrives meanwhile.
    const decider = this.deps.matcher.forBatch(this.deps.rules.current());
    const { uow } = this.deps;
    try {
      const result = await uow.run(async () => {
        const recorded = await this.record(mentions, decider);
        uow.afterCommit(() => this.committed(recorded, rejected));
        return recorded;
      });
      return { ...result, deadLettered: rejected.length };
    } catch (error) {
      if (!isDataError(error)) throw error;
      return this.isolate(mentions, rejected, decider);
    }
  }

  /**
   * A batch the database refused for its data: the mentions one by one, in order, so only the
   * poison ones are dead-lettered (after every one of them was decided). Transient failures still
   * fail the batch, before anything is dead-lettered.
   */
  private async isolate(
    mentions: MentionToRecord[],
    rejected: Rejected[],
    decider: BatchDecider,
  ): Promise<RecordMentionBatchResult> {
    let result = emptyBatchResult();
    const poisoned: Rejected[] = [];
    for (const item of mentions) {
      try {
        const recorded = await this.deps.uow.run(() => this.record([item], decider));
        this.count(recorded);
        result = addBatchResults(result, recorded);
      } catch (error) {
        if (!isDataError(error)) throw error;
        poisoned.push(poison(item, error));
      }
    }
    await this.deadLetter(rejected, 'contract');
    await this.deadLetter(poisoned, 'storage');
    this.deps.relay.kick();
    return { ...result, deadLettered: rejected.length + poisoned.length };
  }

  /**
   * Records held brand posts again (`HeldBrandPostsStep.retryDue`) in one unit of work, without
   * holding them a second time; the caller decides what becomes of those still left out.
   */
  async retryHeld(incoming: IncomingMention[], decider: BatchDecider): Promise<MentionBatchResult> {
    const result = await this.deps.uow.run(() => this.record(incoming, decider, false));
    this.count(result);
    if (result.stored > 0) this.deps.relay.kick();
    return result;
  }

  private async committed(result: MentionBatchResult, rejected: Rejected[]): Promise<void> {
    this.count(result);
    if (result.stored > 0) this.deps.relay.kick();
    await this.deadLetter(rejected, 'contract');
  }

  /** Reads, decides and writes one batch; runs inside the caller's unit of work. */
  private async record(
    incoming: IncomingMention[],
    decider: BatchDecider,
    hold = true,
  ): Promise<MentionBatchResult> {
    const repo = this.deps.mentionCases;
    // Serialize per author and per customer party across matcher instances (rebalances can
    // overlap briefly; the brand's replies to two customers share the brand's author key).
    await repo.lockAuthors(lockKeysOf(incoming));
    // Edits and removals change a stored post; one whose post was never stored is decided as a
    // post itself (an edit: the post in its latest words; a removal: recorded, ignored).
    const changed = incoming.filter((i) => i.mention.lifecycle !== 'created');
    const stored = await repo.storedPosts(changed.map((i) => i.mention));
    const { posts, changes } = splitChanges(incoming, stored);
    const unique = firstOfEachPost(posts);
    const seen = await repo.storedPosts(unique.map((i) => i.mention));
    const fresh = unique.filter((i) => !seen.has(postKeyOf(i.mention)));
    if (fresh.length === 0) {
      const applied = await this.applyChanges(changes);
      return { ...emptyBatchResult(), ...applied, duplicates: posts.length };
    }

    const mentions = fresh.map((f) => f.mention);
    await repo.bindPendingHandles(mentions);
    const snapshot = await repo.loadSnapshot(mentions, decider.lookups(mentions));
    const outcomes = decider.decide(mentions, snapshot);
    const { personas, identities } = newIdentities(outcomes);
    await repo.insertPersonasAndIdentities(personas, identities);
    await repo.insertIdentifiers(learntIdentifiers(outcomes, snapshot.customerByIdentifier));
    const { opened, joined } = caseWrites(outcomes);
    const cases = [...(await repo.insertCases(opened)), ...(await repo.touchCases(joined))];
    const interactionIds = outcomes.map(() => this.deps.newId());
    await repo.insertInteractions(interactionRows(fresh, outcomes, interactionIds));
    const merges = mergeSteps(outcomes);
    const events = caseEventsFor(outcomes, {
      interactionIds,
      cases: new Map(cases.map((c) => [c.id, c])),
      finalCustomer: finalCustomerOf(merges),
      occurredAt: this.deps.clock.now(),
      newId: this.deps.newId,
    });
    // After the inserts, so a persona made earlier in this batch exists and its rows move too.
    for (const m of merges)
      await this.deps.merges.merge(m.fromCustomerId, m.intoCustomerId, m.evidence);
    await repo.insertCaseEvents(
      events,
      new Map(fresh.map((f) => [postKeyOf(f.mention), f.traceparent])),
    );
    const applied = await this.applyChanges(changes);
    const result = batchResult(
      {
        posts: posts.length,
        merged: new Set(merges.map((m) => m.fromCustomerId)).size,
        ...applied,
      },
      fresh,
      outcomes,
    );
    if (hold && result.leftOut.length > 0) await this.deps.heldBrandPosts?.hold(result.leftOut);
    return result;
  }

  /**
   * Edits and removals in arrival order (idempotent on redelivery). Neither is routed: it is not
   * a new message.
   */
  private async applyChanges(
    changes: IncomingMention[],
  ): Promise<{ edited: number; removed: number }> {
    let edited = 0;
    let removed = 0;
    for (const { mention } of changes) {
      if (mention.lifecycle === 'removed')
        removed += await this.deps.mentionCases.markRemoved(mention);
      else edited += await this.deps.mentionCases.applyEdit(mention);
    }
    return { edited, removed };
  }

  private count(result: MentionBatchResult): void {
    for (const d of result.decisions) this.deps.metrics?.matcherDecisions.inc(d);
  }

  /** `rule`: why no rule could decide (contract: not a mention; storage: refused by Postgres). */
  private async deadLetter(rejected: Rejected[], rule: string): Promise<void> {
    if (rejected.length === 0) return;
    await this.deps.deadLetters.publish(rejected);
    this.deps.metrics?.matcherDecisions.inc({ rule, outcome: 'dead_lettered' }, rejected.length);
    this.logger.warn({
      message: 'mentions dead-lettered',
      count: rejected.length,
      partition: rejected[0].partition,
      reason: rejected[0].reason,
    });
  }
}

function poison(item: MentionToRecord, error: unknown): Rejected {
  return {
    reason: `matching failed: ${error instanceof Error ? error.message : String(error)}`,
    key: item.origin?.key ?? null,
    payload: item.origin?.payload ?? JSON.stringify(item.mention),
    partition: item.origin?.partition ?? null,
    offset: item.origin?.offset ?? null,
  };
}
