import type { Database } from '../database';
import type { CrmCaseStatus as Status } from './crm-case-link.repository';

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

/** An agent's internal note on a linked case not yet written to the CRM. */
export interface CrmNoteToSend {
  noteId: string;
  caseId: string;
  caseNumber: string;
  crmCaseId: string;
  authorName: string;
  body: string;
}

/**
 * The lower bound of the look-ups: the connector's watermark less `$3` ms of overlap, never
 * before `outbound_since` (the whole history while there is no watermark yet).
 */
const BOUNDED = `WITH k AS (
  SELECT name, outbound_since,
         greatest(outbound_since,
                  outbound_watermark - make_interval(secs => $3::double precision / 1000)) AS since
    FROM crm_connectors WHERE name = $1)`;

/**
 * What the outbound step still has to write to a CRM, found by anti-join on our own tables
 * (cases opened here without a link, posts and notes on linked cases without a mark), and the
 * marks recorded once the CRM answered. Reads and writes only; statements join the caller's unit
 * of work.
 *
 * **Bounded look-ups.** Each look-up reads only rows stamped since the connector's
 * `outbound_watermark` less `overlapMs` (cases by `opened_at`, posts by `received_at`, notes by
 * `created_at`), plus every post and note of a case linked since then (`crm_case_links.created_at`:
 * a case linked late brings its older posts). The watermark moves (`saveOutboundWatermark`) only
 * after a step whose look-ups all came back short of their batch, to the `outboundHorizon()`
 * read *before* those look-ups. Transactions commit out of order: a row stamped `now()` by a
 * transaction still open at the look-up was not visible to it, yet is stamped before the commit.
 * The horizon is therefore the earliest start of any transaction open in this database (from
 * `pg_stat_activity`), so a row committed after the look-ups is stamped at or after it and the
 * next look-up sees it. The overlap covers what that cannot see: stamps the application takes
 * from its own clock (a note's `created_at`, a split persona's case; clock skew and the time
 * before its transaction starts) and sessions of other roles, whose `xact_start` Postgres hides
 * without `pg_read_all_stats`. A transaction stamping a row longer than the overlap before it
 * commits, invisible to the horizon, would be missed: keep the overlap above the longest write
 * transaction (`CRM_OUTBOUND_OVERLAP_MS`, default ten minutes).
 */
export class CrmOutboundRepository {
  constructor(private readonly db: Database) {}

  /**
   * The watermark to store once a step's look-ups found everything: now, or the start of the
   * oldest transaction open in this database if earlier (see the class comment). Read it before
   * the look-ups.
   */
  async outboundHorizon(): Promise<Date> {
    const row = await this.db.one<{ at: Date }>(
      `SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity
                             WHERE datname = current_database() AND xact_start IS NOT NULL)) AS at`,
    );
    return row!.at;
  }

  /**
   * Cases opened here since the connector was set up, not imported from a CRM, not yet opened in
   * it (nor refused by it: a dead-lettered case waits for an admin), oldest first; opened since
   * the watermark less `overlapMs`.
   */
  async casesToOpen(connector: string, limit: number, overlapMs: number): Promise<CrmCaseToOpen[]> {
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
      `${BOUNDED}
       SELECT c.id, c.case_number, c.status, c.priority, c.category, cu.crm_id AS customer_crm_id,
              cu.display_name AS customer_name, f.text, f.platform, f.handle
         FROM k
         JOIN cases c ON c.opened_at >= k.since AND c.crm_case_id IS NULL
         JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN LATERAL (SELECT i.text, i.platform, i.payload->>'authorHandle' AS handle
                              FROM interactions i WHERE i.case_id = c.id
                             ORDER BY i.occurred_at, i.id LIMIT 1) f ON true
        WHERE NOT EXISTS (SELECT 1 FROM crm_case_links l WHERE l.connector = $1 AND l.case_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM crm_dead_letters d
                           WHERE d.connector = $1 AND d.case_id = c.id AND d.operation = 'upsertCase')
        ORDER BY c.opened_at, c.id
        LIMIT $2`,
      [connector, limit, overlapMs],
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

  /**
   * Social posts on linked cases with no mark yet, oldest first: received since the watermark
   * less `overlapMs`, or (any time since the connector was set up) on a case linked since then.
   */
  async commentsToSend(
    connector: string,
    limit: number,
    overlapMs: number,
  ): Promise<CrmCommentToSend[]> {
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
      `${BOUNDED},
       recent AS (
         SELECT i.id FROM k JOIN interactions i ON i.received_at >= k.since
          WHERE i.channel = 'social' AND i.direction = 'inbound'
         UNION
         SELECT i.id FROM k JOIN interactions i ON i.received_at >= k.since
          WHERE i.channel = 'social' AND i.direction = 'outbound'
         UNION
         SELECT i.id FROM k
           JOIN crm_case_links l ON l.connector = k.name AND l.created_at >= k.since
           JOIN interactions i ON i.case_id = l.case_id AND i.received_at >= k.outbound_since)
       SELECT i.id, i.case_id, c.case_number, l.crm_case_id, i.platform, i.external_id, i.direction,
              i.text, i.payload->>'authorHandle' AS handle, i.payload->>'url' AS url
         FROM recent r
         JOIN interactions i ON i.id = r.id
         JOIN crm_case_links l ON l.connector = $1 AND l.case_id = i.case_id
         JOIN cases c ON c.id = l.case_id
         JOIN k ON i.received_at >= k.outbound_since
        WHERE i.removed_at IS NULL AND i.channel = 'social' AND NOT i.ignored
          AND NOT EXISTS (SELECT 1 FROM crm_comment_marks m
                           WHERE m.connector = $1 AND m.interaction_id = i.id)
        ORDER BY i.received_at, i.id
        LIMIT $2`,
      [connector, limit, overlapMs],
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

  /**
   * Notes on linked cases with no mark yet, oldest first: written since the watermark less
   * `overlapMs`, or (any time since the connector was set up) on a case linked since then.
   */
  async notesToSend(connector: string, limit: number, overlapMs: number): Promise<CrmNoteToSend[]> {
    return this.db.rows<CrmNoteToSend>(
      `${BOUNDED},
       recent AS (
         SELECT n.id FROM k JOIN case_notes n ON n.created_at >= k.since
         UNION
         SELECT n.id FROM k
           JOIN crm_case_links l ON l.connector = k.name AND l.created_at >= k.since
           JOIN case_notes n ON n.case_id = l.case_id AND n.created_at >= k.outbound_since)
       SELECT n.id AS "noteId", n.case_id AS "caseId", c.case_number AS "caseNumber",
              l.crm_case_id AS "crmCaseId", n.author_name AS "authorName", n.body
         FROM recent r
         JOIN case_notes n ON n.id = r.id
         JOIN crm_case_links l ON l.connector = $1 AND l.case_id = n.case_id
         JOIN cases c ON c.id = l.case_id
         JOIN k ON n.created_at >= k.outbound_since
        WHERE NOT EXISTS (SELECT 1 FROM crm_note_marks m WHERE m.connector = $1 AND m.note_id = n.id)
        ORDER BY n.created_at, n.id
        LIMIT $2`,
      [connector, limit, overlapMs],
    );
  }

  async markNote(
    connector: string,
    noteId: string,
    outcome: 'sent' | 'dead-lettered',
    crmCommentId: string | null,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_note_marks (connector, note_id, outcome, crm_comment_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [connector, noteId, outcome, crmCommentId],
    );
  }
}
