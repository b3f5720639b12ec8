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
 * What the outbound step still has to write to a CRM, found by anti-join on our own tables
 * (cases opened here without a link, posts on linked cases without a mark), and the marks
 * recorded once the CRM answered. Reads and writes only; statements join the caller's unit of work.
 */
export class CrmOutboundRepository {
  constructor(private readonly db: Database) {}

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

  /** Notes on linked cases, written since the connector was set up, with no mark yet; oldest first. */
  async notesToSend(connector: string, limit: number): Promise<CrmNoteToSend[]> {
    return this.db.rows<CrmNoteToSend>(
      `SELECT n.id AS "noteId", n.case_id AS "caseId", c.case_number AS "caseNumber",
              l.crm_case_id AS "crmCaseId", n.author_name AS "authorName", n.body
         FROM crm_connectors k
         JOIN crm_case_links l ON l.connector = k.name
         JOIN cases c ON c.id = l.case_id
         JOIN case_notes n ON n.case_id = l.case_id AND n.created_at >= k.outbound_since
        WHERE k.name = $1
          AND NOT EXISTS (SELECT 1 FROM crm_note_marks m WHERE m.connector = $1 AND m.note_id = n.id)
        ORDER BY n.created_at, n.id
        LIMIT $2`,
      [connector, limit],
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
