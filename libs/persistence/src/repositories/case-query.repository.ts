import type { Database } from '../database';

export interface Page {
  limit: number;
  offset: number;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  status: string;
  originChannel: string;
  priority: number;
  category: string | null;
  customer: { id: string; displayName: string | null; handles: string[] };
  interactions: number;
  openedAt: Date;
  lastActivityAt: Date;
  workItem: {
    id: string;
    queue: string;
    status: string;
    queuedAt: Date | null;
    /** The agent holding it (assigned), else null. Case search only. */
    agentId?: string | null;
    /** Where its SLA stands and its due times. Case search only. */
    sla?: {
      state: 'ok' | 'atRisk' | 'breached';
      firstResponseDueAt: Date | null;
      resolutionDueAt: Date | null;
      firstRespondedAt: Date | null;
    };
  } | null;
}

export interface QueueSummary {
  name: string;
  description: string;
  counts: { queued: number; assigned: number; completed: number };
  items: Array<{
    workItemId: string;
    caseId: string;
    caseNumber: string;
    channel: string;
    priority: number;
    status: string;
    queuedAt: Date | null;
  }>;
}

/** Read models for the API. Lists are paginated; counts come from the same filters. */
export class CaseQueryRepository {
  constructor(private readonly db: Database) {}

  async listCases(
    filter: { status?: string } & Page,
  ): Promise<{ total: number; items: CaseSummary[] }> {
    const [{ total }] = await this.db.rows<{ total: string }>(
      `SELECT count(*) AS total FROM cases WHERE ($1::text IS NULL OR status = $1)`,
      [filter.status ?? null],
    );
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT c.id, c.case_number, c.status, c.origin_channel, c.priority, c.category, c.opened_at, c.last_activity_at,
              cu.id AS customer_id, cu.display_name,
              (SELECT coalesce(array_agg(ci.platform || ':' || coalesce(ci.handle, ci.external_user_id) ORDER BY ci.created_at), '{}')
                 FROM customer_identities ci WHERE ci.customer_id = cu.id) AS handles,
              (SELECT count(*) FROM interactions i WHERE i.case_id = c.id) AS interactions,
              w.id AS work_item_id, w.queue_name, w.status AS work_item_status, w.queued_at
         FROM cases c
         JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN work_items w ON w.case_id = c.id AND w.status IN ('queued', 'assigned')
        WHERE ($1::text IS NULL OR c.status = $1)
        ORDER BY c.last_activity_at DESC, c.id
        LIMIT $2 OFFSET $3`,
      [filter.status ?? null, filter.limit, filter.offset],
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: r.id as string,
        caseNumber: r.case_number as string,
        status: r.status as string,
        originChannel: r.origin_channel as string,
        priority: r.priority as number,
        category: r.category as string | null,
        customer: {
          id: r.customer_id as string,
          displayName: r.display_name as string | null,
          handles: r.handles as string[],
        },
        interactions: Number(r.interactions),
        openedAt: r.opened_at as Date,
        lastActivityAt: r.last_activity_at as Date,
        workItem: r.work_item_id
          ? {
              id: r.work_item_id as string,
              queue: r.queue_name as string,
              status: r.work_item_status as string,
              queuedAt: r.queued_at as Date | null,
            }
          : null,
      })),
    };
  }

  async listQueues(itemsPerQueue: Page): Promise<QueueSummary[]> {
    const queues = await this.db.rows<{
      name: string;
      description: string;
      queued: string;
      assigned: string;
      completed: string;
    }>(
      `SELECT q.name, q.description,
                count(*) FILTER (WHERE w.status = 'queued') AS queued,
                count(*) FILTER (WHERE w.status = 'assigned') AS assigned,
                count(*) FILTER (WHERE w.status = 'completed') AS completed
           FROM queues q LEFT JOIN work_items w ON w.queue_name = q.name
          GROUP BY q.name ORDER BY q.name`,
    );
    const items = await this.db.rows<Record<string, unknown>>(
      `SELECT * FROM (
         SELECT w.queue_name, w.id, w.case_id, c.case_number, w.channel, w.priority, w.status, w.queued_at,
                row_number() OVER (PARTITION BY w.queue_name ORDER BY w.priority, w.created_at) AS n
           FROM work_items w JOIN cases c ON c.id = w.case_id
          WHERE w.status IN ('queued', 'assigned')) ranked
        WHERE n > $1 AND n <= $1 + $2 ORDER BY queue_name, n`,
      [itemsPerQueue.offset, itemsPerQueue.limit],
    );
    return queues.map((q) => ({
      name: q.name,
      description: q.description,
      counts: {
        queued: Number(q.queued),
        assigned: Number(q.assigned),
        completed: Number(q.completed),
      },
      items: items
        .filter((i) => i.queue_name === q.name)
        .map((i) => ({
          workItemId: i.id as string,
          caseId: i.case_id as string,
          caseNumber: i.case_number as string,
          channel: i.channel as string,
          priority: i.priority as number,
          status: i.status as string,
          queuedAt: i.queued_at as Date | null,
        })),
    }));
  }
}
