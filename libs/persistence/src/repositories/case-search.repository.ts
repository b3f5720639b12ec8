import type { CaseSearchCriteria, CaseSlaState, CaseSortField } from '@scb/cases';
import type { Database } from '../database';
import type { CaseSummary } from './case-query.repository';

/** The port of the case-search use case. */
export interface CaseSearch {
  search(criteria: CaseSearchCriteria): Promise<{ total: number; items: CaseSummary[] }>;
}

const SORT_COLUMNS: Record<CaseSortField, string> = {
  lastActivityAt: 'last_activity_at',
  openedAt: 'opened_at',
  priority: 'priority',
  caseNumber: 'case_number',
  relevance: 'rank',
};

interface Row {
  id: string;
  case_number: string;
  status: string;
  origin_channel: string;
  priority: number;
  category: string | null;
  opened_at: Date;
  last_activity_at: Date;
  customer_id: string;
  display_name: string | null;
  handles: string[];
  interactions: string;
  work_item_id: string | null;
  queue_name: string | null;
  work_item_status: string | null;
  queued_at: Date | null;
  agent_id: string | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  first_responded_at: Date | null;
  sla_stage: Exclude<CaseSlaState, 'ok'> | null;
  total: string;
}

/**
 * Finds cases by number, customer, the customer's phone, handle, email or CRM id, status, queue,
 * channel, SLA state, assigned agent and free text (Postgres full-text search over post texts and customer names), sorted and paged,
 * in one statement: the filtered page, its total, and the page's customers, handles, interaction
 * counts and active work items (with their agent and SLA state).
 */
export class CaseSearchRepository implements CaseSearch {
  constructor(private readonly db: Database) {}

  async search(criteria: CaseSearchCriteria): Promise<{ total: number; items: CaseSummary[] }> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (criteria.caseNumber) where.push(`c.case_number = ${param(criteria.caseNumber)}`);
    if (criteria.customerId) where.push(`c.customer_id = ${param(criteria.customerId)}::uuid`);
    if (criteria.status) where.push(`c.status = ${param(criteria.status)}`);
    if (criteria.phone) {
      const p = param(criteria.phone);
      where.push(`c.customer_id IN (
        SELECT customer_id FROM customer_identifiers WHERE kind = 'phone' AND value = ${p})`);
    }
    if (criteria.handle)
      where.push(`c.customer_id IN (SELECT customer_id FROM customer_identities
                   WHERE lower(ltrim(handle, '@')) = ${param(criteria.handle)})`);
    if (criteria.email)
      where.push(`c.customer_id IN (SELECT customer_id FROM customer_identifiers
                   WHERE kind = 'email' AND value = ${param(criteria.email)})`);
    if (criteria.crmId) {
      const k = param(criteria.crmId);
      where.push(
        `(c.crm_case_id = ${k} OR c.customer_id IN (SELECT id FROM customers WHERE crm_id = ${k}))`,
      );
    }
    if (criteria.queue)
      // The queue of the case's latest work item: where it waits, or was last worked.
      where.push(`c.id IN (SELECT w.case_id FROM work_items w WHERE w.queue_name = ${param(criteria.queue)}
                   AND NOT EXISTS (SELECT 1 FROM work_items l WHERE l.case_id = w.case_id AND l.created_at > w.created_at))`);
    if (criteria.channel) where.push(`c.origin_channel = ${param(criteria.channel)}`);
    if (criteria.agentId)
      where.push(`c.id IN (SELECT case_id FROM work_items
                   WHERE status = 'assigned' AND agent_id = ${param(criteria.agentId)}::uuid)`);
    if (criteria.sla) {
      // The stages the SLA clock recorded for the case's active item (sla_events), worst first.
      const active = `SELECT w.case_id FROM work_items w WHERE w.status IN ('queued', 'assigned')`;
      const reached = (stage: string) =>
        `EXISTS (SELECT 1 FROM sla_events e WHERE e.work_item_id = w.id AND e.stage = '${stage}')`;
      where.push(
        criteria.sla === 'breached'
          ? `c.id IN (${active} AND ${reached('breached')})`
          : criteria.sla === 'atRisk'
            ? `c.id IN (${active} AND ${reached('atRisk')} AND NOT ${reached('breached')})`
            : `c.id IN (${active} AND NOT EXISTS (SELECT 1 FROM sla_events e WHERE e.work_item_id = w.id))`,
      );
    }
    let hitCte = '';
    let hits = '';
    let rank = 'NULL::real';
    if (criteria.text) {
      const t = param(criteria.text);
      // Best rank per case over its posts and its customer's name; a CTE, so the page and the
      // total share one evaluation.
      hitCte = `WITH hit AS (SELECT case_id, max(rank) AS rank FROM (
                 SELECT i.case_id, ts_rank(i.search, websearch_to_tsquery('english', ${t})) AS rank
                   FROM interactions i
                  WHERE i.search @@ websearch_to_tsquery('english', ${t}) AND i.case_id IS NOT NULL
                 UNION ALL
                 SELECT k.id, ts_rank(cu.search_name, websearch_to_tsquery('simple', ${t}))
                   FROM customers cu JOIN cases k ON k.customer_id = cu.id
                  WHERE cu.search_name @@ websearch_to_tsquery('simple', ${t})) scored
               GROUP BY case_id)`;
      hits = 'JOIN hit ON hit.case_id = c.id';
      rank = 'hit.rank';
    }
    const filtered = `FROM cases c ${hits} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const orderBy = (alias: string) =>
      [
        ...criteria.sort.map(
          (k) => `${alias}.${SORT_COLUMNS[k.field]} ${k.descending ? 'DESC NULLS LAST' : 'ASC'}`,
        ),
        `${alias}.id`,
      ].join(', ');
    const limit = param(criteria.limit);
    const offset = param(criteria.offset);
    const columns = `c.id, c.case_number, c.status, c.origin_channel, c.priority, c.category,
                     c.opened_at, c.last_activity_at, c.customer_id, ${rank} AS rank`;
    // Text: the matching cases (bounded by the hits) once, then their page and their count.
    // Otherwise the total is an uncorrelated scalar subquery (run once): cheaper than
    // count(*) OVER (), which would carry every filtered row through a window before the top-N.
    const head = hitCte
      ? `${hitCte}, matched AS (SELECT ${columns} ${filtered}),
         page AS (SELECT * FROM matched m ORDER BY ${orderBy('m')} LIMIT ${limit} OFFSET ${offset})`
      : `WITH page AS (SELECT ${columns} ${filtered} ORDER BY ${orderBy('c')}
                        LIMIT ${limit} OFFSET ${offset})`;
    const total = hitCte ? '(SELECT count(*) FROM matched)' : `(SELECT count(*) ${filtered})`;
    const rows = await this.db.rows<Row>(
      `${head}
       SELECT p.*, cu.display_name, ${total} AS total,
              (SELECT coalesce(array_agg(ci.platform || ':' || coalesce(ci.handle, ci.external_user_id) ORDER BY ci.created_at), '{}')
                 FROM customer_identities ci WHERE ci.customer_id = p.customer_id) AS handles,
              (SELECT count(*) FROM interactions i WHERE i.case_id = p.id) AS interactions,
              w.id AS work_item_id, w.queue_name, w.status AS work_item_status, w.queued_at,
              w.agent_id, w.first_response_due_at, w.resolution_due_at, w.first_responded_at,
              (SELECT CASE WHEN bool_or(e.stage = 'breached') THEN 'breached' ELSE 'atRisk' END
                 FROM sla_events e WHERE e.work_item_id = w.id HAVING count(*) > 0) AS sla_stage
         FROM page p
         JOIN customers cu ON cu.id = p.customer_id
         LEFT JOIN work_items w ON w.case_id = p.id AND w.status IN ('queued', 'assigned')
        ORDER BY ${orderBy('p')}`,
      params,
    );
    const count = rows.length
      ? Number(rows[0].total)
      : criteria.offset > 0
        ? await this.countAll(`${hitCte} SELECT count(*) AS total ${filtered}`, params.slice(0, -2))
        : 0;
    return { total: count, items: rows.map(toSummary) };
  }

  /** The total alone, for a page past the end (it has no rows to carry it). */
  private async countAll(sql: string, params: unknown[]): Promise<number> {
    const row = await this.db.one<{ total: string }>(sql, params);
    return Number(row?.total ?? 0);
  }
}

function toSummary(r: Row): CaseSummary {
  return {
    id: r.id,
    caseNumber: r.case_number,
    status: r.status,
    originChannel: r.origin_channel,
    priority: r.priority,
    category: r.category,
    customer: { id: r.customer_id, displayName: r.display_name, handles: r.handles },
    interactions: Number(r.interactions),
    openedAt: r.opened_at,
    lastActivityAt: r.last_activity_at,
    workItem: r.work_item_id
      ? {
          id: r.work_item_id,
          queue: r.queue_name!,
          status: r.work_item_status!,
          queuedAt: r.queued_at,
          agentId: r.agent_id,
          sla: {
            state: r.sla_stage ?? 'ok',
            firstResponseDueAt: r.first_response_due_at,
            resolutionDueAt: r.resolution_due_at,
            firstRespondedAt: r.first_responded_at,
          },
        }
      : null,
  };
}
