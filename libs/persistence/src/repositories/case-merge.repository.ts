import type { CaseMergePlan, MergeCase, MergeWorkItem } from '@scb/cases';
import type { Database } from '../database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CaseRow {
  id: string;
  case_number: string;
  customer_id: string;
  status: MergeCase['status'];
  opened_at: Date;
}

const toCase = (r: CaseRow): MergeCase => ({
  id: r.id,
  caseNumber: r.case_number,
  customerId: r.customer_id,
  status: r.status,
  openedAt: r.opened_at,
});

/** What a merge changed, for the audit entry and the response. */
export interface AppliedCaseMerge {
  survivorId: string;
  survivorNumber: string;
  mergedIds: string[];
  mergedNumbers: string[];
  keptWorkItemId: string | null;
  /** Items completed by the merge, with the queue whose BullMQ job must go (null: held, no job). */
  completed: Array<{ id: string; fromQueue: string | null }>;
}

/**
 * Case merges (issue 12, point 5): reads the cases and their active work items under row locks,
 * and applies a `CaseMergePlan` with a handful of set-based statements. Call inside a unit of
 * work (the locks last until it ends).
 */
export class CaseMergeRepository {
  constructor(private readonly db: Database) {}

  /** Locks and reads cases named by id (uuid) or number (`CS-000123`); unknown refs are absent. */
  async lockCases(refs: string[]): Promise<Map<string, MergeCase>> {
    const ids = refs.filter((r) => UUID.test(r));
    const numbers = refs.filter((r) => !UUID.test(r));
    const rows = await this.db.rows<CaseRow & { ref: string }>(
      `SELECT id, case_number, customer_id, status, opened_at FROM cases
        WHERE id = ANY($1::uuid[]) OR case_number = ANY($2::text[])
        ORDER BY id FOR UPDATE`,
      [ids, numbers],
    );
    const found = new Map<string, MergeCase>();
    for (const r of rows) {
      const c = toCase(r);
      found.set(r.id, c);
      found.set(r.case_number, c);
    }
    return found;
  }

  /** Locks and reads a customer's open cases, oldest first. */
  async lockOpenCasesOf(customerId: string): Promise<MergeCase[]> {
    const rows = await this.db.rows<CaseRow>(
      `SELECT id, case_number, customer_id, status, opened_at FROM cases
        WHERE customer_id = $1 AND status = 'open' ORDER BY opened_at, case_number FOR UPDATE`,
      [customerId],
    );
    return rows.map(toCase);
  }

  /** Locks and reads the active (queued or assigned) work items of these cases. */
  async lockActiveItems(caseIds: string[]): Promise<MergeWorkItem[]> {
    const rows = await this.db.rows<{
      id: string;
      case_id: string;
      status: 'queued' | 'assigned';
      agent_id: string | null;
      queue_name: string;
      priority: number;
      queued_at: Date | null;
      created_at: Date;
    }>(
      `SELECT id, case_id, status, agent_id, queue_name, priority, queued_at, created_at
         FROM work_items WHERE case_id = ANY($1::uuid[]) AND status IN ('queued', 'assigned')
        ORDER BY id FOR UPDATE`,
      [caseIds],
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      status: r.status,
      agentId: r.agent_id,
      queue: r.queue_name,
      priority: r.priority,
      queuedAt: r.queued_at,
      createdAt: r.created_at,
    }));
  }

  /**
   * Applies the plan at `at` by `mergedBy` (shown on the survivor's timeline): the merged cases
   * take status `merged` and name the survivor (cases merged into them earlier are re-pointed
   * to it, so `merged_into` is always one hop); the other active items are completed with the
   * resolution code `merged:<survivor number>`; the kept item moves to the survivor; the
   * survivor takes the latest activity and the most urgent priority of the merged cases.
   */
  async apply(plan: CaseMergePlan, mergedBy: string, at: Date): Promise<AppliedCaseMerge> {
    const survivor = plan.survivor;
    const mergedIds = plan.merged.map((c) => c.id);
    await this.db.execute(
      `UPDATE cases SET status = 'merged', merged_into = $2, merged_at = $3, merged_by = $4
        WHERE id = ANY($1::uuid[])`,
      [mergedIds, survivor.id, at, mergedBy],
    );
    await this.db.execute(`UPDATE cases SET merged_into = $2 WHERE merged_into = ANY($1::uuid[])`, [
      mergedIds,
      survivor.id,
    ]);
    // Completed first: one active item per case is a unique index, and the kept one may move.
    const completeIds = plan.complete.map((i) => i.id);
    await this.db.execute(
      `UPDATE work_items SET status = 'completed', completed_at = $2, resolution_code = $3, updated_at = $2
        WHERE id = ANY($1::uuid[])`,
      [completeIds, at, `merged:${survivor.caseNumber}`],
    );
    if (plan.keep && plan.keep.caseId !== survivor.id) {
      await this.db.execute(`UPDATE work_items SET case_id = $2, updated_at = $3 WHERE id = $1`, [
        plan.keep.id,
        survivor.id,
        at,
      ]);
    }
    await this.db.execute(
      `UPDATE cases s SET last_activity_at = greatest(s.last_activity_at, m.last_activity_at),
                          priority = least(s.priority, m.priority)
         FROM (SELECT max(last_activity_at) AS last_activity_at, min(priority) AS priority
                 FROM cases WHERE id = ANY($2::uuid[])) m
        WHERE s.id = $1`,
      [survivor.id, mergedIds],
    );
    return {
      survivorId: survivor.id,
      survivorNumber: survivor.caseNumber,
      mergedIds,
      mergedNumbers: plan.merged.map((c) => c.caseNumber),
      keptWorkItemId: plan.keep?.id ?? null,
      completed: plan.complete.map((i) => ({
        id: i.id,
        fromQueue: i.status === 'queued' ? i.queue : null,
      })),
    };
  }
}
