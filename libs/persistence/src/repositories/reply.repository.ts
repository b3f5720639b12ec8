import type { Database } from '../database';

export interface ReplyTarget {
  interactionId: string;
  platform: string;
  externalId: string;
  /** The customer's id on the platform (the recipient of a private reply). */
  authorId: string | null;
  /** `dm:…` for private messages; a post or thread id otherwise. */
  conversationId: string | null;
}

export interface ReplyRecord {
  id: string;
  caseId: string;
  agentId: string;
  platform: string;
  text: string;
  status: 'pending' | 'sent' | 'failed';
  externalId: string | null;
  error: string | null;
  inReplyTo: ReplyTarget;
}

/** Who may answer a case: whether it and the named agent exist, and the agent holding it. */
export interface ReplyAuthority {
  caseExists: boolean;
  agentExists: boolean;
  /** The agent of the case's work item in status `assigned`, if any. */
  holderAgentId: string | null;
}

/**
 * What decides whether a chosen interaction may be answered from a case; null when no such
 * interaction exists.
 */
export interface ReplyTargetFacts {
  /** It is on this case. */
  onCase: boolean;
  /** A customer's post on a social platform (not the brand's reply, a call or a note). */
  inboundSocial: boolean;
  /** Its author is the case's own customer (any of their identities: posts follow merges). */
  byCaseCustomer: boolean;
  /** Its author deleted it on the platform. */
  removed: boolean;
}

export type BeginReply =
  | { kind: 'new' | 'retry'; reply: ReplyRecord }
  | { kind: 'sent'; reply: ReplyRecord }
  | { kind: 'no-target' };

interface Row {
  id: string;
  case_id: string;
  agent_id: string;
  platform: string;
  text: string;
  status: ReplyRecord['status'];
  external_id: string | null;
  error: string | null;
  in_reply_to: string;
  target_platform: string;
  target_external_id: string;
  target_author_id: string | null;
  target_conversation_id: string | null;
}

const SELECT = `SELECT r.id, r.case_id, r.agent_id, r.platform, r.text, r.status, r.external_id, r.error,
                       r.in_reply_to, i.platform AS target_platform, i.external_id AS target_external_id,
                       i.author_id AS target_author_id, i.payload ->> 'conversationId' AS target_conversation_id
                  FROM replies r JOIN interactions i ON i.id = r.in_reply_to`;

const toRecord = (r: Row): ReplyRecord => ({
  id: r.id,
  caseId: r.case_id,
  agentId: r.agent_id,
  platform: r.platform,
  text: r.text,
  status: r.status,
  externalId: r.external_id,
  error: r.error,
  inReplyTo: {
    interactionId: r.in_reply_to,
    platform: r.target_platform,
    externalId: r.target_external_id,
    authorId: r.target_author_id,
    conversationId: r.target_conversation_id,
  },
});

/**
 * Agent replies to the customer, recorded before they are posted and completed after: the posted
 * reply becomes an outbound interaction on the case and the first one answers the work item's
 * first-response SLA.
 */
export class ReplyRepository {
  constructor(private readonly db: Database) {}

  /** Facts to decide whether `agentId` may reply on the case (one round trip). */
  async authority(caseId: string, agentId: string): Promise<ReplyAuthority> {
    const [row] = await this.db.rows<{
      case_exists: boolean;
      agent_exists: boolean;
      holder: string | null;
    }>(
      `SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1) AS case_exists,
                EXISTS (SELECT 1 FROM agents WHERE id = $2) AS agent_exists,
                (SELECT agent_id FROM work_items WHERE case_id = $1 AND status = 'assigned' LIMIT 1) AS holder`,
      [caseId, agentId],
    );
    return {
      caseExists: row.case_exists,
      agentExists: row.agent_exists,
      holderAgentId: row.holder,
    };
  }

  /**
   * The reply for `requestId` on this case, created if new against `inReplyToInteractionId` when
   * given, else the case's latest post, either only when it is an inbound social post by the
   * case's own customer, still standing (`no-target` otherwise). The key is scoped to the case:
   * the same id on another case is another reply; a retry returns the reply as first begun.
   */
  async begin(request: {
    requestId: string;
    caseId: string;
    agentId: string;
    text: string;
    inReplyToInteractionId?: string | null;
  }): Promise<BeginReply> {
    const existing = await this.db.rows<Row>(
      `${SELECT} WHERE r.case_id = $2 AND r.request_id = $1`,
      [request.requestId, request.caseId],
    );
    if (existing[0]) {
      const reply = toRecord(existing[0]);
      return { kind: reply.status === 'sent' ? 'sent' : 'retry', reply };
    }
    const inserted = await this.db.rows<{ id: string }>(
      `INSERT INTO replies (request_id, case_id, agent_id, in_reply_to, platform, text)
       SELECT $1, $2, $3, i.id, i.platform, $4
         FROM interactions i
        -- Posts of cases merged into this one count: their history is this case's now.
        WHERE (i.case_id = $2 OR i.case_id IN (SELECT id FROM cases WHERE merged_into = $2))
          AND i.direction = 'inbound' AND i.channel = 'social'
          -- The case holder's own post (never another author's in the thread), still standing.
          AND i.customer_id = (SELECT customer_id FROM cases WHERE id = $2)
          AND i.removed_at IS NULL
          AND ($5::uuid IS NULL OR i.id = $5)
        ORDER BY i.occurred_at DESC, i.received_at DESC
        LIMIT 1
       ON CONFLICT (case_id, request_id) DO NOTHING
       RETURNING id`,
      [
        request.requestId,
        request.caseId,
        request.agentId,
        request.text,
        request.inReplyToInteractionId ?? null,
      ],
    );
    if (inserted.length === 0) {
      const raced = await this.db.rows<Row>(
        `${SELECT} WHERE r.case_id = $2 AND r.request_id = $1`,
        [request.requestId, request.caseId],
      );
      return raced[0] ? { kind: 'retry', reply: toRecord(raced[0]) } : { kind: 'no-target' };
    }
    const rows = await this.db.rows<Row>(`${SELECT} WHERE r.id = $1`, [inserted[0].id]);
    return { kind: 'new', reply: toRecord(rows[0]) };
  }

  /** Why `interactionId` may or may not be answered from the case; null when it does not exist. */
  async targetFacts(caseId: string, interactionId: string): Promise<ReplyTargetFacts | null> {
    const [row] = await this.db.rows<{
      on_case: boolean;
      inbound_social: boolean;
      by_case_customer: boolean;
      removed: boolean;
    }>(
      `SELECT i.case_id IS NOT DISTINCT FROM $1::uuid AS on_case,
              (i.direction = 'inbound' AND i.channel = 'social') AS inbound_social,
              i.customer_id IS NOT DISTINCT FROM (SELECT customer_id FROM cases WHERE id = $1) AS by_case_customer,
              i.removed_at IS NOT NULL AS removed
         FROM interactions i WHERE i.id = $2`,
      [caseId, interactionId],
    );
    if (!row) return null;
    return {
      onCase: row.on_case,
      inboundSocial: row.inbound_social,
      byCaseCustomer: row.by_case_customer,
      removed: row.removed,
    };
  }

  /**
   * Marks the reply sent, stores it as an outbound interaction and stamps the first response on
   * the case's active work item. Returns that work item's id when this was its first response.
   */
  async markSent(
    reply: ReplyRecord,
    externalId: string,
  ): Promise<{ firstResponseOf: string | null }> {
    return this.db.run(async () => {
      await this.db.execute(
        `UPDATE replies SET status = 'sent', external_id = $2, error = NULL, sent_at = now() WHERE id = $1`,
        [reply.id, externalId],
      );
      await this.db.execute(
        `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
         SELECT c.id, c.customer_id, 'social', 'outbound', $2, $3, NULL, $4, now(), $5, $6
           FROM cases c WHERE c.id = $1
         ON CONFLICT (platform, external_id) DO NOTHING`,
        [
          reply.caseId,
          reply.platform,
          externalId,
          reply.text,
          JSON.stringify({
            kind: 'reply',
            agentId: reply.agentId,
            inReplyTo: reply.inReplyTo.externalId,
          }),
          JSON.stringify({ replyId: reply.id }),
        ],
      );
      await this.db.execute(`UPDATE cases SET last_activity_at = now() WHERE id = $1`, [
        reply.caseId,
      ]);
      const answered = await this.db.rows<{ id: string }>(
        `UPDATE work_items SET first_responded_at = now(), updated_at = now()
          WHERE case_id = $1 AND status IN ('queued', 'assigned') AND first_responded_at IS NULL
          RETURNING id`,
        [reply.caseId],
      );
      return { firstResponseOf: answered[0]?.id ?? null };
    });
  }

  async markFailed(replyId: string, error: string): Promise<void> {
    await this.db.execute(`UPDATE replies SET status = 'failed', error = $2 WHERE id = $1`, [
      replyId,
      error.slice(0, 2_000),
    ]);
  }
}
