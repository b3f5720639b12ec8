import type { Database } from '../database';
import { timelineEntriesSql } from './timeline-entries.sql';

export interface TimelineEntry {
  /**
   * `note`: an internal note by an agent or supervisor, never sent to a platform; `context`:
   * another customer's post in the thread a post of this case answered (not part of the case).
   */
  kind: 'phone' | 'mention' | 'reply' | 'note' | 'context';
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
}

export interface CaseTimeline {
  id: string;
  caseNumber: string;
  status: string;
  category: string | null;
  priority: number;
  customer: { id: string; displayName: string | null; tier: string };
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  entries: TimelineEntry[];
}

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
              cu.id AS customer_id, cu.display_name, cu.tier,
              w.id AS work_item_id, w.queue_name, w.status AS work_item_status, w.agent_id
         FROM cases c JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN LATERAL (SELECT * FROM work_items wi WHERE wi.case_id = c.id
                             ORDER BY (wi.status <> 'completed') DESC, wi.created_at DESC LIMIT 1) w ON true
        WHERE c.id = $1`,
      [caseId],
    );
    if (cases.length === 0) return null;
    const c = cases[0];
    const entries = await this.db.rows<Record<string, unknown>>(
      `${timelineEntriesSql('= $1')} ORDER BY at, id`,
      [caseId],
    );
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
      entries: entries as unknown as TimelineEntry[],
    };
  }
}
