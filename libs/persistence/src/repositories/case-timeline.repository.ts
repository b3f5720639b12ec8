import type { Database } from '../database';
import { timelineEntriesSql } from './timeline-entries.sql';

export interface TimelineEntry {
  /**
   * `note`: an internal note by an agent or supervisor, never sent to a platform; `event`: a
   * change of the case itself ("CS-000012 merged into this case by ana@example.com"); `context`:
   * another customer's post in the thread a post of this case answered (not part of the case).
   */
  kind: 'phone' | 'mention' | 'reply' | 'note' | 'event' | 'context';
  id: string;
  at: Date;
  /** `internal` for notes. */
  platform: string;
  /** `internal` for notes. */
  direction: 'inbound' | 'outbound' | 'internal';
  author: string | null;
  text: string;
  /** Mentions: why the matcher put it here; replies: sent, pending or failed. */
  detail: string | null;
  /** Mentions the author edited: when (`text` is the latest), and the earlier texts, oldest first. */
  editedAt: Date | null;
  revisions: Array<{ text: string; revisionId: string | null; replacedAt: string }>;
  /** Mentions the author deleted on the platform: when. The text is kept for the audit. */
  removedAt: Date | null;
  /**
   * Customers' posts: the trust of the author's account (`claimed`: unverified, an identifier it
   * typed tied it to this customer); null for other entries and the brand's posts.
   */
  authorTrust: 'proven' | 'claimed' | null;
  /** With `authorTrust` `claimed`: which identifier in which post made the claim. */
  claimEvidence: Record<string, unknown> | null;
  /** The case the entry was written on (this case, a case merged into it, or an earlier case). */
  caseId: string;
  caseNumber: string;
  /**
   * `this-case`; `merged-case`: from a case merged into this one; `earlier-case`: from the
   * earlier case this follow-up continues (or a case merged into that one).
   */
  from: 'this-case' | 'merged-case' | 'earlier-case';
}

/** A case this one relates to, by id and number. */
export interface RelatedCase {
  id: string;
  caseNumber: string;
}

export interface CaseTimeline {
  id: string;
  caseNumber: string;
  status: string;
  category: string | null;
  priority: number;
  customer: { id: string; displayName: string | null; tier: string };
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  /** Set when this case was merged away (status `merged`): the survivor, when and by whom. */
  mergedInto: (RelatedCase & { at: Date; by: string | null }) | null;
  /** The cases merged into this one. */
  mergedCases: RelatedCase[];
  /** The earlier case this follow-up continues; its history is on `entries` (`earlier-case`). */
  followsCase: RelatedCase | null;
  entries: TimelineEntry[];
}

/** How deep a chain of follow-ups the timeline goes back (a follow-up of a follow-up …). */
const FOLLOW_UP_DEPTH = 5;

/**
 * One case with phone notes, social mentions, agents' replies and internal notes in one list, oldest
 * first.
 */
export class CaseTimelineRepository {
  constructor(private readonly db: Database) {}

  /** The id of the case numbered `caseNumber` (`CS-000123`), or null when there is none. */
  async idOf(caseNumber: string): Promise<string | null> {
    const rows = await this.db.rows<{ id: string }>(`SELECT id FROM cases WHERE case_number = $1`, [
      caseNumber,
    ]);
    return rows[0]?.id ?? null;
  }

  async get(caseId: string): Promise<CaseTimeline | null> {
    const cases = await this.db.rows<Record<string, unknown>>(
      `SELECT c.id, c.case_number, c.status, c.category, c.priority,
              c.merged_into, c.merged_at, c.merged_by, s.case_number AS merged_into_number,
              c.follows_case_id, f.case_number AS follows_case_number,
              cu.id AS customer_id, cu.display_name, cu.tier,
              w.id AS work_item_id, w.queue_name, w.status AS work_item_status, w.agent_id
         FROM cases c JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN cases s ON s.id = c.merged_into
         LEFT JOIN cases f ON f.id = c.follows_case_id
         LEFT JOIN LATERAL (SELECT * FROM work_items wi WHERE wi.case_id = c.id
                             ORDER BY (wi.status <> 'completed') DESC, wi.created_at DESC LIMIT 1) w ON true
        WHERE c.id = $1`,
      [caseId],
    );
    if (cases.length === 0) return null;
    const c = cases[0];
    // This case, the earlier cases it follows (a chain), and the cases merged into any of them.
    const scope = await this.db.rows<{
      id: string;
      case_number: string;
      from: TimelineEntry['from'];
    }>(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT k.follows_case_id, chain.depth + 1 FROM chain JOIN cases k ON k.id = chain.id
          WHERE k.follows_case_id IS NOT NULL AND chain.depth < $2)
       SELECT k.id, k.case_number,
              CASE WHEN k.id = $1 THEN 'this-case'
                   WHEN k.merged_into = $1 THEN 'merged-case' ELSE 'earlier-case' END AS "from"
         FROM cases k
        WHERE k.id IN (SELECT id FROM chain) OR k.merged_into IN (SELECT id FROM chain)`,
      [caseId, FOLLOW_UP_DEPTH],
    );
    const ids = scope.map((k) => k.id);
    const entries = await this.db.rows<Record<string, unknown>>(
      `${timelineEntriesSql('= ANY($1::uuid[])', true)}
       UNION ALL
       SELECT 'event', m.id, m.merged_at, 'internal', 'internal', m.merged_by,
              m.case_number || ' merged into this case by ' || coalesce(m.merged_by, 'an unknown user'),
              'case merge', NULL, '[]'::jsonb, NULL, NULL, NULL, m.merged_into, s.case_number
         FROM cases m JOIN cases s ON s.id = m.merged_into WHERE m.merged_into = ANY($1::uuid[])
       ORDER BY at, id`,
      [ids],
    );
    const fromOf = new Map(scope.map((k) => [k.id, k.from]));
    return {
      id: c.id as string,
      caseNumber: c.case_number as string,
      status: c.status as string,
      category: c.category as string | null,
      priority: c.priority as number,
      customer: {
        id: c.customer_id as string,
        displayName: c.display_name as string | null,
        tier: c.tier as string,
      },
      workItem: c.work_item_id
        ? {
            id: c.work_item_id as string,
            queue: c.queue_name as string,
            status: c.work_item_status as string,
            agentId: c.agent_id as string | null,
          }
        : null,
      mergedInto: c.merged_into
        ? {
            id: c.merged_into as string,
            caseNumber: c.merged_into_number as string,
            at: c.merged_at as Date,
            by: c.merged_by as string | null,
          }
        : null,
      mergedCases: scope
        .filter((k) => k.from === 'merged-case')
        .map((k) => ({ id: k.id, caseNumber: k.case_number })),
      followsCase: c.follows_case_id
        ? { id: c.follows_case_id as string, caseNumber: c.follows_case_number as string }
        : null,
      entries: entries.map((e) => ({
        ...(e as unknown as TimelineEntry),
        from: fromOf.get(e.caseId as string) ?? 'this-case',
      })),
    };
  }
}
