import type { Channel } from '@scb/contracts';
import type { Database } from '../database';

/** A work-item change BullMQ must follow (one row of `work_queue_changes`). */
export interface WorkQueueChange {
  workItemId: string;
  /**
   * The queue whose job this change may make stale: removed there when the item no longer waits
   * in it, re-prioritized when it still does. Null when the item had no job (new or held).
   */
  fromQueue: string | null;
  /** W3C traceparent of the work that queued the item, carried into the job's data. */
  traceparent?: string | null;
}

export interface PendingWorkQueueChange extends Required<WorkQueueChange> {
  /** Row id: the order in which the changes were written. */
  id: string;
}

/** The state of a work item as the BullMQ projection needs it. */
export interface WorkItemQueueState {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: Channel;
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
  /** Since when the item waits (null until its first projection stamps it; a call's arrival). */
  queuedAt: Date | null;
}

/**
 * The outbox of the BullMQ projection. Writers `record` in the unit of work of their change;
 * the projector claims (deletes) rows, locks their items and reads their current state, all in
 * the unit of work that applies them to BullMQ.
 */
export class WorkQueueChangeRepository {
  constructor(private readonly db: Database) {}

  /** Appends changes (set-based); returns the new row ids. */
  async record(changes: WorkQueueChange[]): Promise<string[]> {
    if (changes.length === 0) return [];
    const rows = await this.db.rows<{ id: string }>(
      `INSERT INTO work_queue_changes (work_item_id, from_queue, traceparent)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
       RETURNING id`,
      [
        changes.map((c) => c.workItemId),
        changes.map((c) => c.fromQueue),
        changes.map((c) => c.traceparent ?? null),
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes pending rows for the current unit of work: the given `ids`, or else the oldest
   * `limit`. They are deleted at once, so the unit's commit is what marks them applied (a rollback
   * puts them back); SKIP LOCKED lets concurrent projectors share the work. Ordered by id.
   */
  async claim(options: { ids?: string[]; limit: number }): Promise<PendingWorkQueueChange[]> {
    const rows = await this.db.rows<{
      id: string;
      work_item_id: string;
      from_queue: string | null;
      traceparent: string | null;
    }>(
      // Two statements rather than one with `$1 IS NULL OR …`: each keeps its primary-key plan.
      // `= ANY(ARRAY(…))` rather than `IN (…)`: the locked ids become one array the delete looks
      // up in the primary key, instead of a join the planner may answer with scans of this
      // churning table (statistics lag it); as `IN` it was the costliest statement of the
      // pipeline bench (docs/performance.md, "Issue 17, session 4").
      options.ids
        ? `DELETE FROM work_queue_changes WHERE id = ANY(ARRAY(
             SELECT id FROM work_queue_changes WHERE id = ANY($1::bigint[])
              ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED))
           RETURNING id, work_item_id, from_queue, traceparent`
        : `DELETE FROM work_queue_changes WHERE id = ANY(ARRAY(
             SELECT id FROM work_queue_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED))
           RETURNING id, work_item_id, from_queue, traceparent`,
      options.ids ? [options.ids, options.limit] : [options.limit],
    );
    return rows
      .map((r) => ({
        id: r.id,
        workItemId: r.work_item_id,
        fromQueue: r.from_queue,
        traceparent: r.traceparent,
      }))
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  /**
   * Serialises projections of the same items until the unit of work ends (transaction-scoped
   * advisory locks, taken in one order so two projectors cannot deadlock).
   */
  async lockItems(workItemIds: string[]): Promise<void> {
    if (workItemIds.length === 0) return;
    await this.db.execute(
      `SELECT pg_advisory_xact_lock(k)
         FROM (SELECT DISTINCT hashtextextended('work-queue:' || id::text, 0) AS k
                 FROM unnest($1::uuid[]) AS id ORDER BY 1) s`,
      [workItemIds],
    );
  }

  /** The current state of the given items (read after `lockItems`, so never older than it). */
  async states(workItemIds: string[]): Promise<WorkItemQueueState[]> {
    if (workItemIds.length === 0) return [];
    const rows = await this.db.rows<{
      id: string;
      case_id: string;
      case_number: string;
      queue_name: string;
      channel: Channel;
      priority: number;
      status: WorkItemQueueState['status'];
      queued_at: Date | null;
    }>(
      `SELECT w.id, w.case_id, c.case_number, w.queue_name, w.channel, w.priority, w.status, w.queued_at
         FROM work_items w JOIN cases c ON c.id = w.case_id WHERE w.id = ANY($1::uuid[])`,
      [workItemIds],
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      queue: r.queue_name,
      channel: r.channel,
      priority: r.priority,
      status: r.status,
      queuedAt: r.queued_at,
    }));
  }

  /**
   * Stamps when items first got their BullMQ job (kept on later projections, so a put-back item
   * keeps its age). Written by the projection, so `queued_at` set means the job was added.
   */
  async markQueued(workItemIds: string[]): Promise<void> {
    if (workItemIds.length === 0) return;
    await this.db.execute(
      `UPDATE work_items SET queued_at = now(), updated_at = now()
        WHERE id = ANY($1::uuid[]) AND queued_at IS NULL`,
      [workItemIds],
    );
  }

  async pendingCount(): Promise<number> {
    const row = await this.db.one<{ n: string }>(`SELECT count(*) AS n FROM work_queue_changes`);
    return Number(row?.n ?? 0);
  }
}
