import type { Database } from '../database';
import type { Page } from './case-query.repository';
import { timeBuckets } from './time-buckets';

/** What the social team filters on; times are when the mention reached us (live operations). */
export interface DashboardFilter {
  platform?: string;
  queue?: string;
  from: Date;
  to: Date;
}

export type MentionOutcome = 'joined' | 'new' | 'ignored';

export interface MentionView {
  id: string;
  platform: string;
  externalId: string;
  authorHandle: string | null;
  text: string;
  occurredAt: Date;
  receivedAt: Date;
  outcome: MentionOutcome;
  caseId: string | null;
  caseNumber: string | null;
  customer: { id: string; displayName: string | null };
  queue: string | null;
  sentiment: number | null;
  /** The matcher's explanation, as stored with the interaction. */
  explanation: unknown;
}

/**
 * An inbound phone call as the live feed sends it: its case, customer and the case's active (or
 * latest) work item, so an agent's desk sees a call on a case she holds (`agentId`, `updates`).
 */
export interface CallView {
  id: string;
  /** When the call reached the phone system. */
  arrivedAt: Date;
  /** When it was recorded here. */
  receivedAt: Date;
  caseId: string | null;
  caseNumber: string | null;
  customer: { id: string; displayName: string | null };
  workItem: {
    id: string;
    queue: string;
    status: string;
    agentId: string | null;
    updates: number;
  } | null;
}

/** A note written on a case someone holds, as the live feed announces it (not its text). */
export interface NoteView {
  id: string;
  caseId: string;
  caseNumber: string;
  createdAt: Date;
}

export interface ChannelDepth {
  waiting: number;
  assigned: number;
  oldestWaitingSince: Date | null;
}

export interface QueueDepth {
  queue: string;
  phone: ChannelDepth;
  social: ChannelDepth;
  sla: { atRisk: number; breached: number };
}

export interface DashboardSummary {
  bucketSeconds: number;
  /** The start of every bucket in the range, oldest first, busy or not. */
  buckets: Date[];
  /**
   * Every bucket for every platform of the filter (or, unfiltered, that had a mention in the
   * range), zero where nothing came, ordered by bucket then platform.
   */
  mentionsPerBucket: Array<{ at: Date; platform: string; count: number }>;
  outcomes: Record<MentionOutcome, number>;
  /** Every bucket; `average` is null (and `count` 0) where no mention had a sentiment. */
  sentiment: Array<{ at: Date; average: number | null; count: number }>;
  postToQueue: { count: number; p50Ms: number | null; p95Ms: number | null };
  sla: { atRisk: number; breached: number };
}

// One row per inbound social mention with its outcome, case, customer and the queue its case
// went to (the case's latest work item); filters: $1 platform, $2 queue, $3 from, $4 to.
const MENTIONS = `
  SELECT i.id, i.platform, i.external_id, i.payload->>'authorHandle' AS author_handle, i.text,
         i.occurred_at, i.received_at, i.published_at, i.decision,
         CASE WHEN i.ignored THEN 'ignored' WHEN i.decision->>'rule' IN ('new-case', 'follow-up') THEN 'new'
              ELSE 'joined' END AS outcome,
         (i.decision->>'sentiment')::float8 AS sentiment,
         c.id AS case_id, c.case_number, cu.id AS customer_id, cu.display_name, w.queue_name
    FROM interactions i
    JOIN customers cu ON cu.id = i.customer_id
    LEFT JOIN cases c ON c.id = i.case_id
    LEFT JOIN LATERAL (SELECT queue_name FROM work_items wi WHERE wi.case_id = i.case_id
                        ORDER BY wi.created_at DESC LIMIT 1) w ON true
   WHERE i.channel = 'social' AND i.direction = 'inbound'`;
const FILTERED = `${MENTIONS}
     AND ($1::text IS NULL OR i.platform = $1) AND ($2::text IS NULL OR w.queue_name = $2)
     AND i.received_at >= $3 AND i.received_at < $4`;

const toMention = (r: Record<string, unknown>): MentionView => ({
  id: r.id as string,
  platform: r.platform as string,
  externalId: r.external_id as string,
  authorHandle: r.author_handle as string | null,
  text: r.text as string,
  occurredAt: r.occurred_at as Date,
  receivedAt: r.received_at as Date,
  outcome: r.outcome as MentionOutcome,
  caseId: r.case_id as string | null,
  caseNumber: r.case_number as string | null,
  customer: { id: r.customer_id as string, displayName: r.display_name as string | null },
  queue: r.queue_name as string | null,
  sentiment: r.sentiment === null ? null : Number(r.sentiment),
  explanation: r.decision,
});

const depth = (): ChannelDepth => ({ waiting: 0, assigned: 0, oldestWaitingSince: null });

/**
 * The social team's dashboard and live feed, each figure one set-based statement over
 * interactions, cases, work items, processed events and SLA events.
 */
export class DashboardQueryRepository {
  constructor(private readonly db: Database) {}

  private params(f: DashboardFilter) {
    return [f.platform ?? null, f.queue ?? null, f.from, f.to];
  }

  async mentions(
    filter: DashboardFilter & { outcome?: MentionOutcome },
    page: Page,
  ): Promise<{ total: number; items: MentionView[] }> {
    const where = `SELECT * FROM (${FILTERED}) m WHERE ($5::text IS NULL OR m.outcome = $5)`;
    const params = [...this.params(filter), filter.outcome ?? null];
    const [{ total }] = await this.db.rows<{ total: string }>(
      `SELECT count(*) AS total FROM (${where}) t`,
      params,
    );
    const rows = await this.db.rows<Record<string, unknown>>(
      `${where} ORDER BY m.received_at DESC, m.id LIMIT $6 OFFSET $7`,
      [...params, page.limit, page.offset],
    );
    return { total: Number(total), items: rows.map(toMention) };
  }

  /**
   * The newest `limit` mentions received after `since`, oldest first, for the live feed (which
   * asks again from a little before its last one, so a transaction that committed late is seen;
   * a burst larger than `limit` between two polls shows its newest part).
   */
  async mentionsSince(since: Date, limit: number): Promise<MentionView[]> {
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT * FROM (${MENTIONS} AND i.received_at > $1 ORDER BY i.received_at DESC, i.id DESC LIMIT $2) m
        ORDER BY m.received_at, m.id`,
      [since, limit],
    );
    return rows.map(toMention);
  }

  /**
   * Notes written after `since` on cases an agent holds (an assigned work item), oldest first,
   * at most `limit`: the agents' desks show them live. Bounded by the held cases, so the poll
   * walks `case_notes_case_idx` rather than every note.
   */
  async notesSince(since: Date, limit: number): Promise<NoteView[]> {
    const rows = await this.db.rows<{
      id: string;
      case_id: string;
      case_number: string;
      created_at: Date;
    }>(
      `SELECT n.id, n.case_id, c.case_number, n.created_at
         FROM case_notes n JOIN cases c ON c.id = n.case_id
        WHERE n.case_id IN (SELECT case_id FROM work_items WHERE status = 'assigned')
          AND n.created_at > $1
        ORDER BY n.created_at, n.id LIMIT $2`,
      [since, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      createdAt: r.created_at,
    }));
  }

  /** The newest `limit` inbound calls recorded after `since`, oldest first (the live feed). */
  async callsSince(since: Date, limit: number): Promise<CallView[]> {
    const rows = await this.db.rows<{
      id: string;
      occurred_at: Date;
      received_at: Date;
      case_id: string | null;
      case_number: string | null;
      customer_id: string;
      display_name: string | null;
      work_item_id: string | null;
      queue_name: string | null;
      status: string | null;
      agent_id: string | null;
      updates: number | null;
    }>(
      `SELECT * FROM (
         SELECT i.id, i.occurred_at, i.received_at, c.id AS case_id, c.case_number,
                cu.id AS customer_id, cu.display_name,
                w.id AS work_item_id, w.queue_name, w.status, w.agent_id, w.updates
           FROM interactions i
           JOIN customers cu ON cu.id = i.customer_id
           LEFT JOIN cases c ON c.id = i.case_id
           LEFT JOIN LATERAL (SELECT id, queue_name, status, agent_id, updates FROM work_items wi
                               WHERE wi.case_id = i.case_id ORDER BY wi.created_at DESC LIMIT 1) w ON true
          WHERE i.channel = 'phone' AND i.direction = 'inbound' AND i.received_at > $1
          ORDER BY i.received_at DESC, i.id DESC LIMIT $2) m
        ORDER BY m.received_at, m.id`,
      [since, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      arrivedAt: r.occurred_at,
      receivedAt: r.received_at,
      caseId: r.case_id,
      caseNumber: r.case_number,
      customer: { id: r.customer_id, displayName: r.display_name },
      workItem: r.work_item_id
        ? {
            id: r.work_item_id,
            queue: r.queue_name!,
            status: r.status!,
            agentId: r.agent_id,
            updates: r.updates ?? 0,
          }
        : null,
    }));
  }

  async mentionsByIds(ids: string[]): Promise<MentionView[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.rows<Record<string, unknown>>(
      `${MENTIONS} AND i.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toMention);
  }

  async now(): Promise<Date> {
    const [row] = await this.db.rows<{ now: Date }>(`SELECT now() AS now`);
    return row.now;
  }

  async summary(filter: DashboardFilter): Promise<DashboardSummary> {
    const span = (filter.to.getTime() - filter.from.getTime()) / 1000;
    // About 60 points whatever the range, on whole minutes at least.
    const bucketSeconds = Math.max(60, Math.round(span / 60 / 60) * 60);
    const params = this.params(filter);
    const bucket = `to_timestamp(floor(extract(epoch FROM m.received_at) / ${bucketSeconds}) * ${bucketSeconds})`;
    const perBucket = await this.db.rows<{ at: Date; platform: string; count: string }>(
      `SELECT ${bucket} AS at, m.platform, count(*) AS count FROM (${FILTERED}) m
          GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
    const outcomes = await this.db.rows<{ outcome: MentionOutcome; count: string }>(
      `SELECT m.outcome, count(*) AS count FROM (${FILTERED}) m GROUP BY 1`,
      params,
    );
    const sentiment = await this.db.rows<{ at: Date; average: number; count: string }>(
      `SELECT ${bucket} AS at, avg(m.sentiment)::float8 AS average, count(m.sentiment) AS count
           FROM (${FILTERED}) m WHERE m.sentiment IS NOT NULL GROUP BY 1 ORDER BY 1`,
      params,
    );
    // Post to queue: from the mention reaching Kafka to the router having queued its work.
    const [latency] = await this.db.rows<{ count: string; p50: number | null; p95: number | null }>(
      `SELECT count(*) AS count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95
           FROM (SELECT extract(epoch FROM (pe.processed_at - m.published_at)) * 1000 AS d
                   FROM (${FILTERED}) m JOIN processed_events pe ON pe.interaction_id = m.id
                  WHERE m.published_at IS NOT NULL) t`,
      params,
    );
    const sla = await this.db.rows<{ stage: 'atRisk' | 'breached'; count: string }>(
      `SELECT e.stage, count(*) AS count FROM sla_events e
          WHERE ($2::text IS NULL OR e.queue_name = $2) AND e.occurred_at >= $3 AND e.occurred_at < $4
            AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM interactions i
                                              WHERE i.case_id = e.case_id AND i.platform = $1))
          GROUP BY e.stage`,
      params,
    );
    const outcomeCount = (o: MentionOutcome) =>
      Number(outcomes.find((r) => r.outcome === o)?.count ?? 0);
    const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
    const buckets = timeBuckets(filter.from, filter.to, bucketSeconds);
    const platforms = filter.platform
      ? [filter.platform]
      : [...new Set(perBucket.map((r) => r.platform))].sort();
    const counts = new Map(perBucket.map((r) => [`${r.at.getTime()} ${r.platform}`, r.count]));
    const feelings = new Map(sentiment.map((r) => [r.at.getTime(), r]));
    return {
      bucketSeconds,
      buckets,
      mentionsPerBucket: buckets.flatMap((at) =>
        platforms.map((platform) => ({
          at,
          platform,
          count: Number(counts.get(`${at.getTime()} ${platform}`) ?? 0),
        })),
      ),
      outcomes: {
        joined: outcomeCount('joined'),
        new: outcomeCount('new'),
        ignored: outcomeCount('ignored'),
      },
      sentiment: buckets.map((at) => {
        const found = feelings.get(at.getTime());
        return found
          ? { at, average: found.average, count: Number(found.count) }
          : { at, average: null, count: 0 };
      }),
      postToQueue: {
        count: Number(latency.count),
        p50Ms: round(latency.p50),
        p95Ms: round(latency.p95),
      },
      sla: {
        atRisk: Number(sla.find((s) => s.stage === 'atRisk')?.count ?? 0),
        breached: Number(sla.find((s) => s.stage === 'breached')?.count ?? 0),
      },
    };
  }

  /**
   * Per queue, phone and social side by side: waiting and assigned items, the oldest waiting
   * one, and the active items whose SLA is at risk or breached now.
   */
  async queueDepths(queue?: string): Promise<QueueDepth[]> {
    const rows = await this.db.rows<{
      name: string;
      channel: 'phone' | 'social' | null;
      waiting: string;
      assigned: string;
      oldest: Date | null;
    }>(
      `SELECT q.name, w.channel,
              count(w.id) FILTER (WHERE w.status = 'queued') AS waiting,
              count(w.id) FILTER (WHERE w.status = 'assigned') AS assigned,
              min(coalesce(w.queued_at, w.created_at)) FILTER (WHERE w.status = 'queued') AS oldest
         FROM queues q
         LEFT JOIN work_items w ON w.queue_name = q.name AND w.status IN ('queued', 'assigned')
        WHERE $1::text IS NULL OR q.name = $1
        GROUP BY q.name, w.channel ORDER BY q.name`,
      [queue ?? null],
    );
    const sla = await this.db.rows<{ queue_name: string; at_risk: string; breached: string }>(
      `SELECT w.queue_name,
                count(DISTINCT w.id) FILTER (WHERE NOT e.breached) AS at_risk,
                count(DISTINCT w.id) FILTER (WHERE e.breached) AS breached
           FROM work_items w
           JOIN (SELECT work_item_id, bool_or(stage = 'breached') AS breached
                   FROM sla_events GROUP BY work_item_id) e ON e.work_item_id = w.id
          WHERE w.status IN ('queued', 'assigned') AND ($1::text IS NULL OR w.queue_name = $1)
          GROUP BY w.queue_name`,
      [queue ?? null],
    );
    const byQueue = new Map<string, QueueDepth>();
    for (const r of rows) {
      const q = byQueue.get(r.name) ?? {
        queue: r.name,
        phone: depth(),
        social: depth(),
        sla: { atRisk: 0, breached: 0 },
      };
      if (r.channel)
        q[r.channel] = {
          waiting: Number(r.waiting),
          assigned: Number(r.assigned),
          oldestWaitingSince: r.oldest,
        };
      byQueue.set(r.name, q);
    }
    for (const s of sla) {
      const q = byQueue.get(s.queue_name);
      if (q) q.sla = { atRisk: Number(s.at_risk), breached: Number(s.breached) };
    }
    return [...byQueue.values()];
  }
}
