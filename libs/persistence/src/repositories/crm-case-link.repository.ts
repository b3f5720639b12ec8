import type { Database } from '../database';

/** Our two-valued case status, as the sync stores it on links. */
export type CrmCaseStatus = 'open' | 'resolved';
type Status = CrmCaseStatus;

/** Our case as the sync sees it, with its link to the CRM case when there is one. */
export interface CrmLinkedCase {
  caseId: string;
  caseNumber: string;
  /** `cases.crm_case_id`: set when the case was imported from a CRM. */
  importedCrmCaseId: string | null;
  status: Status;
  resolvedAt: Date | null;
  link: {
    crmCaseId: string;
    syncedStatus: Status;
    syncedAt: Date;
    /** The CRM's `updatedAt` of the newest change applied to this case, when one was. */
    crmSeenAt: Date | null;
  } | null;
}

/** A linked case whose status here differs from the one last synced. */
export interface CrmStatusToSend {
  caseId: string;
  crmCaseId: string;
  status: Status;
  resolvedAt: Date | null;
  syncedStatus: Status;
  syncedAt: Date;
}

/**
 * Which CRM case is which of ours (`crm_case_links`), the status both sides held at the last
 * sync, and the status writes on our cases that the CRM's changes cause. Reads and writes only;
 * statements join the caller's unit of work.
 */
export class CrmCaseLinkRepository {
  constructor(private readonly db: Database) {}

  /** Our cases behind these CRM case ids: linked by this connector, imported, or numbered ours. */
  async casesForCrm(
    connector: string,
    crmCaseIds: string[],
    caseNumbers: string[],
  ): Promise<Array<CrmLinkedCase & { matchedBy: string }>> {
    const rows = await this.db.rows<{
      case_id: string;
      case_number: string;
      crm_case_id: string | null;
      status: Status;
      resolved_at: Date | null;
      link_crm_case_id: string | null;
      synced_status: Status | null;
      synced_at: Date | null;
      crm_seen_at: Date | null;
      matched_by: string;
    }>(
      `SELECT c.id AS case_id, c.case_number, c.crm_case_id, c.status, c.resolved_at,
              l.crm_case_id AS link_crm_case_id, l.synced_status, l.synced_at, l.crm_seen_at,
              coalesce(l.crm_case_id, c.crm_case_id, c.case_number) AS matched_by
         FROM cases c
         LEFT JOIN crm_case_links l ON l.case_id = c.id AND l.connector = $1
        WHERE c.id IN (SELECT case_id FROM crm_case_links WHERE connector = $1 AND crm_case_id = ANY($2::text[]))
           OR c.crm_case_id = ANY($2::text[])
           OR c.case_number = ANY($3::text[])`,
      [connector, crmCaseIds, caseNumbers],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      caseNumber: r.case_number,
      importedCrmCaseId: r.crm_case_id,
      status: r.status,
      resolvedAt: r.resolved_at,
      link:
        r.link_crm_case_id && r.synced_status && r.synced_at
          ? {
              crmCaseId: r.link_crm_case_id,
              syncedStatus: r.synced_status,
              syncedAt: r.synced_at,
              crmSeenAt: r.crm_seen_at,
            }
          : null,
      matchedBy: r.matched_by,
    }));
  }

  /** Links our case to the CRM's; a second link of either is ignored (first one wins). */
  async link(
    connector: string,
    link: {
      caseId: string;
      crmCaseId: string;
      openedBy: 'scb' | 'crm';
      status: Status;
      at: Date;
      crmSeenAt: Date | null;
    },
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_case_links (connector, case_id, crm_case_id, opened_by, synced_status, synced_at, crm_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [connector, link.caseId, link.crmCaseId, link.openedBy, link.status, link.at, link.crmSeenAt],
    );
  }

  /** Records the status both sides now hold, and the CRM change it came from (when one). */
  async markSynced(
    connector: string,
    caseId: string,
    status: Status,
    at: Date,
    crmSeenAt: Date | null = null,
  ): Promise<void> {
    await this.db.execute(
      `UPDATE crm_case_links SET synced_status = $3, synced_at = $4,
              crm_seen_at = greatest(crm_seen_at, $5::timestamptz)
        WHERE connector = $1 AND case_id = $2`,
      [connector, caseId, status, at, crmSeenAt],
    );
  }

  /** Linked cases whose status here is not the one last synced. */
  async statusesToSend(connector: string, limit: number): Promise<CrmStatusToSend[]> {
    const rows = await this.db.rows<{
      case_id: string;
      crm_case_id: string;
      status: Status;
      resolved_at: Date | null;
      synced_status: Status;
      synced_at: Date;
    }>(
      `SELECT l.case_id, l.crm_case_id, c.status, c.resolved_at, l.synced_status, l.synced_at
         FROM crm_case_links l JOIN cases c ON c.id = l.case_id
        WHERE l.connector = $1 AND c.status <> l.synced_status
        ORDER BY l.case_id LIMIT $2`,
      [connector, limit],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      crmCaseId: r.crm_case_id,
      status: r.status,
      resolvedAt: r.resolved_at,
      syncedStatus: r.synced_status,
      syncedAt: r.synced_at,
    }));
  }

  /** Reopens a case resolved here (the CRM reopened it, or owns the status). */
  async reopenCase(caseId: string): Promise<boolean> {
    const result = await this.db.execute(
      `UPDATE cases SET status = 'open', resolved_at = NULL, last_activity_at = now()
        WHERE id = $1 AND status = 'resolved'`,
      [caseId],
    );
    return result.affected > 0;
  }

  /**
   * Resolves the case (when open) and completes its active work item with `resolutionCode`;
   * returns the completed items (id and queue) so their BullMQ jobs and SLA timers can follow.
   * Two statements: call inside a unit of work.
   */
  async resolveCase(
    caseId: string,
    resolvedAt: Date,
    resolutionCode: string,
  ): Promise<{ resolved: boolean; items: Array<{ id: string; queue: string }> }> {
    const resolved = await this.db.execute(
      `UPDATE cases SET status = 'resolved', resolved_at = $2, last_activity_at = now()
        WHERE id = $1 AND status = 'open'`,
      [caseId, resolvedAt],
    );
    const items = await this.db.rows<{ id: string; queue_name: string }>(
      `UPDATE work_items SET status = 'completed', completed_at = now(), resolution_code = $2, updated_at = now()
        WHERE case_id = $1 AND status IN ('queued', 'assigned')
       RETURNING id, queue_name`,
      [caseId, resolutionCode],
    );
    return {
      resolved: resolved.affected > 0,
      items: items.map((i) => ({ id: i.id, queue: i.queue_name })),
    };
  }
}
