import type { Database } from '../database';
import type { CrmCaseStatus as Status } from './crm-case-link.repository';

export interface CrmDeadLetter {
  id: string;
  caseId: string | null;
  operation: string;
  recordRef: string;
  code: string;
  reason: string;
  httpStatus: number | null;
  createdAt: Date;
}

export interface CrmConflictRecord {
  id: string;
  caseId: string | null;
  crmCaseId: string;
  ours: Status;
  theirs: Status;
  rule: string;
  winner: string;
  why: string;
  createdAt: Date;
}

/** Counts per connector, read from the sync's own tables. */
export interface CrmSyncCounts {
  casesLinked: number;
  casesOpenedInCrm: number;
  commentsSent: number;
  changesApplied: number;
  deadLetters: number;
  conflicts: number;
  /** Posts on linked cases not yet written (nor dead-lettered): the outbound backlog. */
  commentsPending: number;
}

/**
 * What a CRM connector's admins see besides its settings: dead letters (records the CRM
 * refused, with its reason), status conflicts and how they were decided, and counts read from
 * the sync's own tables. Reads and writes only; statements join the caller's unit of work.
 */
export class CrmSyncReportRepository {
  constructor(private readonly db: Database) {}

  async addDeadLetter(
    connector: string,
    letter: Omit<CrmDeadLetter, 'id' | 'createdAt'>,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_dead_letters (connector, case_id, operation, record_ref, code, reason, http_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        connector,
        letter.caseId,
        letter.operation,
        letter.recordRef,
        letter.code,
        letter.reason,
        letter.httpStatus,
      ],
    );
  }

  async addConflict(
    connector: string,
    conflict: Omit<CrmConflictRecord, 'id' | 'createdAt'>,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_conflicts (connector, case_id, crm_case_id, ours, theirs, rule, winner, why)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        connector,
        conflict.caseId,
        conflict.crmCaseId,
        conflict.ours,
        conflict.theirs,
        conflict.rule,
        conflict.winner,
        conflict.why,
      ],
    );
  }

  /** The newest dead letters first. */
  async deadLetters(connector: string, limit: number): Promise<CrmDeadLetter[]> {
    const rows = await this.db.rows<{
      id: string;
      case_id: string | null;
      operation: string;
      record_ref: string;
      code: string;
      reason: string;
      http_status: number | null;
      created_at: Date;
    }>(`SELECT * FROM crm_dead_letters WHERE connector = $1 ORDER BY id DESC LIMIT $2`, [
      connector,
      limit,
    ]);
    return rows.map((r) => ({
      id: String(r.id),
      caseId: r.case_id,
      operation: r.operation,
      recordRef: r.record_ref,
      code: r.code,
      reason: r.reason,
      httpStatus: r.http_status,
      createdAt: r.created_at,
    }));
  }

  /** The newest conflicts first. */
  async conflicts(connector: string, limit: number): Promise<CrmConflictRecord[]> {
    const rows = await this.db.rows<{
      id: string;
      case_id: string | null;
      crm_case_id: string;
      ours: Status;
      theirs: Status;
      rule: string;
      winner: string;
      why: string;
      created_at: Date;
    }>(`SELECT * FROM crm_conflicts WHERE connector = $1 ORDER BY id DESC LIMIT $2`, [
      connector,
      limit,
    ]);
    return rows.map((r) => ({
      id: String(r.id),
      caseId: r.case_id,
      crmCaseId: r.crm_case_id,
      ours: r.ours,
      theirs: r.theirs,
      rule: r.rule,
      winner: r.winner,
      why: r.why,
      createdAt: r.created_at,
    }));
  }

  async counts(connector: string): Promise<CrmSyncCounts> {
    const row = await this.db.one<Record<keyof CrmSyncCounts, string>>(
      `SELECT (SELECT count(*) FROM crm_case_links WHERE connector = $1) AS "casesLinked",
              (SELECT count(*) FROM crm_case_links WHERE connector = $1 AND opened_by = 'scb') AS "casesOpenedInCrm",
              (SELECT count(*) FROM crm_comment_marks WHERE connector = $1 AND outcome = 'sent') AS "commentsSent",
              (SELECT changes_applied FROM crm_connectors WHERE name = $1) AS "changesApplied",
              (SELECT count(*) FROM crm_dead_letters WHERE connector = $1) AS "deadLetters",
              (SELECT count(*) FROM crm_conflicts WHERE connector = $1) AS "conflicts",
              (SELECT count(*) FROM crm_connectors k
                 JOIN crm_case_links l ON l.connector = k.name
                 JOIN interactions i ON i.case_id = l.case_id AND i.received_at >= k.outbound_since
                WHERE k.name = $1 AND i.removed_at IS NULL AND i.channel = 'social' AND NOT i.ignored
                  AND NOT EXISTS (SELECT 1 FROM crm_comment_marks m
                                   WHERE m.connector = $1 AND m.interaction_id = i.id)) AS "commentsPending"`,
      [connector],
    );
    const n = (v: string | undefined) => Number(v ?? 0);
    return {
      casesLinked: n(row?.casesLinked),
      casesOpenedInCrm: n(row?.casesOpenedInCrm),
      commentsSent: n(row?.commentsSent),
      changesApplied: n(row?.changesApplied),
      deadLetters: n(row?.deadLetters),
      conflicts: n(row?.conflicts),
      commentsPending: n(row?.commentsPending),
    };
  }
}
