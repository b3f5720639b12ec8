import type { Database } from '../database';
import { withSessionLock } from './advisory-locks';

export type CrmConnectorKind = 'salesforce' | 'zendesk';
export type CrmConnectorState = 'running' | 'paused' | 'error';
type Status = 'open' | 'resolved';

/**
 * Progress of a connector's first full sync (customers, then cases), stored as it goes so a
 * restart resumes at the stored page. `status`: requested → running → done | failed.
 */
export interface CrmFullSyncProgress {
  status: 'requested' | 'running' | 'done' | 'failed';
  phase: 'customers' | 'cases';
  /** The CRM's page token to read next (null: the first page of `phase`). */
  page: string | null;
  pages: number;
  customers: number;
  cases: number;
  requestedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** One `crm_connectors` row. `credentials` is the ciphertext: only the sync worker decrypts it. */
export interface CrmConnectorRow {
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  fieldOwnership: unknown;
  credentials: string;
  state: CrmConnectorState;
  outboundSince: Date;
  changeCursor: string | null;
  changesApplied: number;
  fullSync: CrmFullSyncProgress | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin saves; `credentials` null keeps the stored ones. */
export interface CrmConnectorWrite {
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  fieldOwnership: unknown;
  credentials: string | null;
}

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

/** A case opened here that the connector has not opened in the CRM yet. */
export interface CrmCaseToOpen {
  caseId: string;
  caseNumber: string;
  status: Status;
  priority: number;
  category: string | null;
  customerCrmId: string | null;
  customerName: string | null;
  firstText: string | null;
  firstPlatform: string | null;
  firstHandle: string | null;
}

/** A post (mention or brand reply) on a linked case not yet written to the CRM. */
export interface CrmCommentToSend {
  interactionId: string;
  caseId: string;
  caseNumber: string;
  crmCaseId: string;
  platform: string;
  externalId: string;
  direction: 'inbound' | 'outbound';
  text: string;
  authorHandle: string | null;
  url: string | null;
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

interface ConnectorSqlRow {
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  field_ownership: unknown;
  credentials: string;
  state: CrmConnectorState;
  outbound_since: Date;
  change_cursor: string | null;
  changes_applied: string;
  full_sync: CrmFullSyncProgress | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toConnector = (r: ConnectorSqlRow): CrmConnectorRow => ({
  name: r.name,
  kind: r.kind,
  settings: r.settings,
  fieldOwnership: r.field_ownership,
  credentials: r.credentials,
  state: r.state,
  outboundSince: r.outbound_since,
  changeCursor: r.change_cursor,
  changesApplied: Number(r.changes_applied),
  fullSync: r.full_sync,
  lastSuccessAt: r.last_success_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The CRM sync's state in Postgres: connectors (settings, encrypted credentials, cursor,
 * progress), case links, the marks of posts written as comments, dead letters and conflicts.
 * Reads and writes only; the sync use cases decide. Statements join the caller's unit of work.
 */
export class CrmSyncRepository {
  constructor(private readonly db: Database) {}

  /**
   * Runs `work` while this process holds the connector's session lock (one sync worker per
   * connector across replicas, so one case is never written by two workers at once); returns
   * false without waiting when another process holds it.
   */
  async whileSyncing(name: string, work: () => Promise<void>): Promise<boolean> {
    const outcome = await withSessionLock(this.db.dataSource, `crm-sync:${name}`, work);
    return outcome.acquired;
  }

  async findConnector(name: string): Promise<CrmConnectorRow | null> {
    const row = await this.db.one<ConnectorSqlRow>(`SELECT * FROM crm_connectors WHERE name = $1`, [
      name,
    ]);
    return row ? toConnector(row) : null;
  }

  async listConnectors(): Promise<CrmConnectorRow[]> {
    const rows = await this.db.rows<ConnectorSqlRow>(`SELECT * FROM crm_connectors ORDER BY name`);
    return rows.map(toConnector);
  }

  /** Creates or updates a connector; null `credentials` keeps the stored ciphertext. */
  async upsertConnector(write: CrmConnectorWrite): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_connectors (name, kind, settings, field_ownership, credentials)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)
       ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, settings = EXCLUDED.settings,
         field_ownership = EXCLUDED.field_ownership,
         credentials = coalesce($6, crm_connectors.credentials), updated_at = now()`,
      [
        write.name,
        write.kind,
        JSON.stringify(write.settings),
        JSON.stringify(write.fieldOwnership),
        write.credentials ?? '',
        write.credentials,
      ],
    );
  }

  /** Sets the state; `lastError` (with its time) when given. */
  async setState(
    name: string,
    state: CrmConnectorState,
    lastError: { message: string; at: Date } | null = null,
  ): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET state = $2, updated_at = now(),
              last_error = coalesce($3, last_error), last_error_at = coalesce($4, last_error_at)
        WHERE name = $1`,
      [name, state, lastError?.message ?? null, lastError?.at ?? null],
    );
  }

  async recordSuccess(name: string, at: Date): Promise<void> {
    await this.db.execute(`UPDATE crm_connectors SET last_success_at = $2 WHERE name = $1`, [
      name,
      at,
    ]);
  }

  async recordError(name: string, message: string, at: Date): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET last_error = $2, last_error_at = $3 WHERE name = $1`,
      [name, message, at],
    );
  }

  /** Stores the change cursor once its changes are applied, and counts them. */
  async saveCursor(name: string, cursor: string, applied: number): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET change_cursor = $2, changes_applied = changes_applied + $3 WHERE name = $1`,
      [name, cursor, applied],
    );
  }

  async saveFullSync(name: string, progress: CrmFullSyncProgress | null): Promise<void> {
    await this.db.execute(`UPDATE crm_connectors SET full_sync = $2::jsonb WHERE name = $1`, [
      name,
      progress === null ? null : JSON.stringify(progress),
    ]);
  }

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

  /**
   * Cases opened here since the connector was set up, not imported from a CRM, not yet opened in
   * it (nor refused by it: a dead-lettered case waits for an admin), oldest first.
   */
  async casesToOpen(connector: string, limit: number): Promise<CrmCaseToOpen[]> {
    const rows = await this.db.rows<{
      id: string;
      case_number: string;
      status: Status;
      priority: number;
      category: string | null;
      customer_crm_id: string | null;
      customer_name: string | null;
      text: string | null;
      platform: string | null;
      handle: string | null;
    }>(
      `SELECT c.id, c.case_number, c.status, c.priority, c.category, cu.crm_id AS customer_crm_id,
              cu.display_name AS customer_name, f.text, f.platform, f.handle
         FROM crm_connectors k
         JOIN cases c ON c.opened_at >= k.outbound_since AND c.crm_case_id IS NULL
         JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN LATERAL (SELECT i.text, i.platform, i.payload->>'authorHandle' AS handle
                              FROM interactions i WHERE i.case_id = c.id
                             ORDER BY i.occurred_at, i.id LIMIT 1) f ON true
        WHERE k.name = $1
          AND NOT EXISTS (SELECT 1 FROM crm_case_links l WHERE l.connector = $1 AND l.case_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM crm_dead_letters d
                           WHERE d.connector = $1 AND d.case_id = c.id AND d.operation = 'upsertCase')
        ORDER BY c.opened_at, c.id
        LIMIT $2`,
      [connector, limit],
    );
    return rows.map((r) => ({
      caseId: r.id,
      caseNumber: r.case_number,
      status: r.status,
      priority: r.priority,
      category: r.category,
      customerCrmId: r.customer_crm_id,
      customerName: r.customer_name,
      firstText: r.text,
      firstPlatform: r.platform,
      firstHandle: r.handle,
    }));
  }

  /** Posts on linked cases, received since the connector was set up, with no mark yet; oldest first. */
  async commentsToSend(connector: string, limit: number): Promise<CrmCommentToSend[]> {
    const rows = await this.db.rows<{
      id: string;
      case_id: string;
      case_number: string;
      crm_case_id: string;
      platform: string;
      external_id: string;
      direction: 'inbound' | 'outbound';
      text: string;
      handle: string | null;
      url: string | null;
    }>(
      `SELECT i.id, i.case_id, c.case_number, l.crm_case_id, i.platform, i.external_id, i.direction,
              i.text, i.payload->>'authorHandle' AS handle, i.payload->>'url' AS url
         FROM crm_connectors k
         JOIN crm_case_links l ON l.connector = k.name
         JOIN cases c ON c.id = l.case_id
         JOIN interactions i ON i.case_id = l.case_id AND i.received_at >= k.outbound_since
        WHERE k.name = $1 AND i.removed_at IS NULL AND i.channel = 'social' AND NOT i.ignored
          AND NOT EXISTS (SELECT 1 FROM crm_comment_marks m
                           WHERE m.connector = $1 AND m.interaction_id = i.id)
        ORDER BY i.received_at, i.id
        LIMIT $2`,
      [connector, limit],
    );
    return rows.map((r) => ({
      interactionId: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      crmCaseId: r.crm_case_id,
      platform: r.platform,
      externalId: r.external_id,
      direction: r.direction,
      text: r.text,
      authorHandle: r.handle,
      url: r.url,
    }));
  }

  async markComment(
    connector: string,
    interactionId: string,
    outcome: 'sent' | 'dead-lettered',
    crmCommentId: string | null,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_comment_marks (connector, interaction_id, outcome, crm_comment_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [connector, interactionId, outcome, crmCommentId],
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
