import type { CaseEvent } from '@scb/contracts';
import type { MatchOutcome } from './case-decision';

/** What a case event needs of a case the batch opened or joined, as stored. */
export interface StoredCase {
  id: string;
  caseNumber: string;
  priority: number;
  category: string | null;
}

export interface CaseEventContext {
  /** The interaction id of each outcome, by index. */
  interactionIds: string[];
  /** Every case the batch opened or joined, by id (case numbers come from the database). */
  cases: ReadonlyMap<string, StoredCase>;
  /** The customer a customer id ended as after the batch's merges. */
  finalCustomer: (customerId: string) => string;
  /** The `occurredAt` of every event (the clock's now). */
  occurredAt: Date;
  /** A fresh event id (uuid). */
  newId: () => string;
}

/**
 * The `caseOpened`/`mentionLinked` events of a batch, one per outcome that opened or joined a
 * case, in outcome order; ignored mentions and the brand's replies emit none, so the router
 * never sees them.
 * @throws Error when a case an outcome names is missing from `cases` (it vanished mid-batch).
 */
export function caseEventsFor(outcomes: MatchOutcome[], context: CaseEventContext): CaseEvent[] {
  const occurredAt = context.occurredAt.toISOString();
  return outcomes.flatMap((o, i): CaseEvent[] => {
    const d = o.decision;
    if (d.kind !== 'link' && d.kind !== 'open') return [];
    const target = context.cases.get(d.target.caseId);
    if (!target) throw new Error(`case ${d.target.caseId} vanished inside the transaction`);
    return [
      {
        schemaVersion: 1,
        type: d.kind === 'open' ? 'caseOpened' : 'mentionLinked',
        eventId: context.newId(),
        occurredAt,
        caseId: target.id,
        caseNumber: target.caseNumber,
        customerId: context.finalCustomer(d.target.customerId),
        channel: 'social',
        priority: target.priority,
        category: target.category,
        interactionId: context.interactionIds[i],
        platform: o.mention.platform,
        externalId: o.mention.externalId,
        tags: d.explanation.tags,
        sentiment: d.explanation.sentiment,
        language: d.explanation.language,
      },
    ];
  });
}
