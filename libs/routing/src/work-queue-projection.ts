/** A recorded work-item change, as the projection plan reads it (oldest first). */
export interface ProjectedChange {
  workItemId: string;
  /** The queue whose job the change may have made stale (null: the item had no job). */
  fromQueue: string | null;
  traceparent: string | null;
}

/** The current state of a changed work item (Postgres decides; BullMQ follows). */
export interface ProjectedItem {
  id: string;
  queue: string;
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
}

export interface ProjectionPlan<I extends ProjectedItem> {
  /** Jobs to take off a queue: the item no longer waits there. */
  remove: Array<{ id: string; queue: string }>;
  /** Waiting items whose job must exist (adding an existing job id is a no-op in BullMQ). */
  add: Array<I & { traceparent?: string }>;
  /** Waiting items whose job may exist with a stale priority. */
  reprioritize: I[];
}

/**
 * What BullMQ must do so its jobs show the CURRENT state of the changed items. The plan depends
 * on the state at projection time, not on the order of the changes, so projecting the same
 * changes twice, or late, converges on the same jobs: a waiting item has exactly one job, in its
 * queue, at its priority; any other item has none. An item missing from `items` (never stored)
 * only loses the jobs its changes name.
 */
export function planWorkQueueProjection<I extends ProjectedItem>(
  changes: ProjectedChange[],
  items: I[],
): ProjectionPlan<I> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const touched = new Map<string, { queues: Set<string>; traceparent: string | null }>();
  for (const change of changes) {
    const entry = touched.get(change.workItemId) ?? { queues: new Set(), traceparent: null };
    if (change.fromQueue) entry.queues.add(change.fromQueue);
    // The newest trace wins: it is the work that (re)queued the item last.
    entry.traceparent = change.traceparent ?? entry.traceparent;
    touched.set(change.workItemId, entry);
  }
  const plan: ProjectionPlan<I> = { remove: [], add: [], reprioritize: [] };
  for (const [id, { queues, traceparent }] of touched) {
    const item = byId.get(id);
    const waitingIn = item?.status === 'queued' ? item.queue : null;
    for (const queue of queues) if (queue !== waitingIn) plan.remove.push({ id, queue });
    if (!item || waitingIn === null) {
      if (item && !queues.has(item.queue)) plan.remove.push({ id, queue: item.queue });
      continue;
    }
    plan.add.push(traceparent ? { ...item, traceparent } : { ...item });
    if (queues.has(item.queue)) plan.reprioritize.push(item);
  }
  return plan;
}
