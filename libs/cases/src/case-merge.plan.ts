/** A case as a merge sees it. */
export interface MergeCase {
  id: string;
  caseNumber: string;
  customerId: string;
  status: 'open' | 'resolved' | 'merged';
  openedAt: Date;
}

/** An active (queued or assigned) work item of a case taking part in a merge. */
export interface MergeWorkItem {
  id: string;
  caseId: string;
  status: 'queued' | 'assigned';
  agentId: string | null;
  queue: string;
  /** 1 (most urgent) … 5. */
  priority: number;
  /** When it started waiting (the call's or first post's arrival); null for old rows. */
  queuedAt: Date | null;
  createdAt: Date;
}

/** What a merge does; applied set-based by the case-merge repository. */
export interface CaseMergePlan {
  survivor: MergeCase;
  /** The cases folded into the survivor (status `merged`, `merged_into` = survivor). */
  merged: MergeCase[];
  /** The one active work item kept (moved onto the survivor); null when none was active. */
  keep: MergeWorkItem | null;
  /** The other active items: completed with a reason, their jobs and SLA timers removed. */
  complete: MergeWorkItem[];
}

/** Why a merge is refused; the api answers 409 (404 for `not-found`) with it as `reason`. */
export type CaseMergeRefusal =
  'same-case' | 'already-merged' | 'different-customers' | 'not-found' | 'nothing-to-merge';

export class CaseMergeRefused extends Error {
  constructor(
    readonly reason: CaseMergeRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The oldest of a customer's open cases (by `openedAt`, then case number): the survivor when a
 * customer merge folds several open cases into one. Null when there are fewer than two.
 */
export function oldestCase(cases: MergeCase[]): MergeCase | null {
  const open = cases.filter((c) => c.status === 'open');
  if (open.length < 2) return null;
  return [...open].sort(
    (a, b) =>
      a.openedAt.getTime() - b.openedAt.getTime() || a.caseNumber.localeCompare(b.caseNumber),
  )[0];
}

/**
 * The item that stays: the assigned one (the agent holding the case keeps it; among several, the
 * survivor's own, else the earliest queued), otherwise the best-placed queued one as `next` would
 * serve it (most urgent priority, then longest waiting).
 */
export function itemToKeep(survivorId: string, items: MergeWorkItem[]): MergeWorkItem | null {
  const waitedSince = (i: MergeWorkItem) => (i.queuedAt ?? i.createdAt).getTime();
  const assigned = items.filter((i) => i.status === 'assigned');
  if (assigned.length > 0) {
    return (
      assigned.find((i) => i.caseId === survivorId) ??
      [...assigned].sort((a, b) => waitedSince(a) - waitedSince(b))[0]
    );
  }
  const queued = [...items].sort(
    (a, b) =>
      a.priority - b.priority || waitedSince(a) - waitedSince(b) || a.id.localeCompare(b.id),
  );
  return queued[0] ?? null;
}

/**
 * Plans folding `merged` into `survivor`: both must exist, differ, not be merged already and
 * belong to one customer (a merge across customers is a customer merge: an admin's decision,
 * `POST /v1/customers/:id/merge`, which merges their open cases in turn).
 * @throws CaseMergeRefused with the reason.
 */
export function planCaseMerge(
  survivor: MergeCase,
  merged: MergeCase[],
  items: MergeWorkItem[],
): CaseMergePlan {
  if (merged.length === 0) throw new CaseMergeRefused('nothing-to-merge', 'no case to merge');
  for (const c of [survivor, ...merged]) {
    if (c.status === 'merged')
      throw new CaseMergeRefused('already-merged', `case ${c.caseNumber} was merged already`);
  }
  for (const c of merged) {
    if (c.id === survivor.id)
      throw new CaseMergeRefused('same-case', `case ${c.caseNumber} cannot be merged into itself`);
    if (c.customerId !== survivor.customerId)
      throw new CaseMergeRefused(
        'different-customers',
        `cases ${c.caseNumber} and ${survivor.caseNumber} belong to different customers: merge the customers (POST /v1/customers/:id/merge), which merges their open cases`,
      );
  }
  const caseIds = new Set([survivor.id, ...merged.map((c) => c.id)]);
  const active = items.filter((i) => caseIds.has(i.caseId));
  const keep = itemToKeep(survivor.id, active);
  return { survivor, merged, keep, complete: active.filter((i) => i !== keep) };
}
