import type { CaseEvent, Channel } from '@scb/contracts';
import type { Database } from '../database';

export interface WorkItemRequest {
  caseId: string;
  queue: string;
  channel: Channel;
  priority: number;
  requiredSkills: string[];
  explanation: string;
  /**
   * The SLA due times of the item if this request creates it (computed by the caller from the
   * queue's policy and the creation time it passes to `ensureActive`); null or absent: no target.
   */
  dueTimes?: { firstResponseDueAt: Date; resolutionDueAt: Date } | null;
}

export interface ActiveWorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: Channel;
  priority: number;
  status: 'queued' | 'assigned';
  agentId: string | null;
  createdAt: Date;
}

const ACTIVE_SELECT = `SELECT w.id, w.case_id, c.case_number, w.queue_name, w.channel, w.priority, w.status, w.agent_id, w.created_at
  FROM work_items w JOIN cases c ON c.id = w.case_id`;

interface ActiveRow {
  id: string;
  case_id: string;
  case_number: string;
  queue_name: string;
  channel: Channel;
  priority: number;
  status: 'queued' | 'assigned';
  agent_id: string | null;
  created_at: Date;
}

const toActive = (r: ActiveRow): ActiveWorkItem => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  queue: r.queue_name,
  channel: r.channel,
  priority: r.priority,
  status: r.status,
  agentId: r.agent_id,
  createdAt: r.created_at,
});

/** An active item as `ensureActive` leaves it. */
export interface EnsuredWorkItem extends ActiveWorkItem {
  /** Inserted by this call (waiting, `queued_at` and its due times written in the insert). */
  created: boolean;
  /** Its SLA due times are not set (no target when it was created, or set later by `SlaClock`). */
  slaUnset: boolean;
}

export interface EnsuredWorkItems {
  /** The active item of every requested case. */
  active: EnsuredWorkItem[];
  /** Waiting items whose priority a new, more urgent event raised. */
  raised: EnsuredWorkItem[];
}

type EnsuredRow = ActiveRow & { created: boolean; sla_unset: boolean };

/**
 * Work items in Postgres (BullMQ projects the waiting ones): one active item per case (a unique
 * index), so every event about a case converges on the same item however often it is delivered.
 */
export class WorkItemRepository {
  constructor(private readonly db: Database) {}

  async unprocessedEvents<E extends Pick<CaseEvent, 'eventId'>>(
    consumer: string,
    events: E[],
  ): Promise<E[]> {
    if (events.length === 0) return [];
    const done = await this.db.rows<{ event_id: string }>(
      `SELECT event_id FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
      [consumer, events.map((e) => e.eventId)],
    );
    const seen = new Set(done.map((d) => d.event_id));
    return events.filter((e) => !seen.has(e.eventId));
  }

  /**
   * Continuity: a case's new event updates its active item (counted on it, and a more urgent
   * priority raises it) instead of adding a second one; an item an agent holds stays with that
   * agent. Cases without an active item get a new one, written ONCE: waiting since `at` (its
   * `created_at` and `queued_at`) with the request's SLA due times, so neither the projection's
   * `markQueued` nor the SLA clock has to update it again.
   * @param at the creation time of new items (the caller's clock; their due times count from it).
   */
  async ensureActive(
    requests: WorkItemRequest[],
    at: Date = new Date(),
  ): Promise<EnsuredWorkItems> {
    if (requests.length === 0) return { active: [], raised: [] };
    const byCase = new Map<string, WorkItemRequest>();
    for (const r of requests) {
      const seen = byCase.get(r.caseId);
      byCase.set(r.caseId, seen && seen.priority <= r.priority ? seen : r);
    }
    const unique = [...byCase.values()];
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(r.caseId, (counts.get(r.caseId) ?? 0) + 1);
    // Two statements for the batch: the update of the cases' active items and the insert of the
    // missing ones both return the items (with their case numbers), so no read follows them.
    // Both read the batch's rows by key once the tables are past small, whatever the statistics
    // say: with statistics taken while the tables were small or held other statuses (a new
    // deployment, the start of a burst), a plain join let the planner scan every active item or
    // case per batch. The update also names its keys as `= ANY($1)`, which the planner can use as
    // an index condition; the insert reads case numbers by a subquery per row.
    const updated = await this.db.rows<EnsuredRow & { raised: boolean }>(
      `UPDATE work_items w
          SET updates = w.updates + t.n, last_update_at = now(), updated_at = now(),
              priority = least(w.priority, t.priority)
         FROM unnest($1::uuid[], $2::int2[], $3::int4[]) AS t(case_id, priority, n), work_items o, cases c
        WHERE w.case_id = t.case_id AND w.case_id = ANY($1::uuid[]) AND w.status IN ('queued', 'assigned')
          AND o.id = w.id AND c.id = w.case_id
        RETURNING w.id, w.case_id, c.case_number, w.queue_name, w.channel, w.priority, w.status,
                  w.agent_id, w.created_at, t.priority < o.priority AS raised, false AS created,
                  w.first_response_due_at IS NULL AS sla_unset`,
      [
        unique.map((r) => r.caseId),
        unique.map((r) => r.priority),
        unique.map((r) => counts.get(r.caseId) ?? 1),
      ],
    );
    const updatedCases = new Set(updated.map((r) => r.case_id));
    const missing = unique.filter((r) => !updatedCases.has(r.caseId));
    const inserted =
      missing.length === 0
        ? []
        : await this.db.rows<EnsuredRow>(
            `WITH i AS (
               INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, required_skills,
                                       created_at, queued_at, first_response_due_at, resolution_due_at)
               SELECT t.case_id, t.queue_name, t.channel, t.priority, t.explanation,
                      coalesce(ARRAY(SELECT jsonb_array_elements_text(t.skills)), '{}'), $7::timestamptz,
                      $7::timestamptz, t.fr, t.res
                 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int2[], $5::text[], $6::jsonb[],
                             $8::timestamptz[], $9::timestamptz[])
                   AS t(case_id, queue_name, channel, priority, explanation, skills, fr, res)
               ON CONFLICT (case_id) WHERE status IN ('queued', 'assigned') DO NOTHING
               RETURNING id, case_id, queue_name, channel, priority, status, agent_id, created_at,
                         first_response_due_at IS NULL AS sla_unset)
             SELECT i.id, i.case_id, (SELECT c.case_number FROM cases c WHERE c.id = i.case_id) AS case_number,
                    i.queue_name, i.channel, i.priority, i.status, i.agent_id, i.created_at,
                    true AS created, i.sla_unset
               FROM i`,
            [
              missing.map((r) => r.caseId),
              missing.map((r) => r.queue),
              missing.map((r) => r.channel),
              missing.map((r) => r.priority),
              missing.map((r) => r.explanation),
              // text[][] cannot be ragged, so each item's skills travel as one JSON array.
              missing.map((r) => JSON.stringify(r.requiredSkills)),
              at,
              missing.map((r) => r.dueTimes?.firstResponseDueAt ?? null),
              missing.map((r) => r.dueTimes?.resolutionDueAt ?? null),
            ],
          );
    // A case whose item a concurrent writer inserted after the update (the insert did nothing):
    // read it (rare: one router owns a case's partition).
    const found = new Set([...updatedCases, ...inserted.map((r) => r.case_id)]);
    const raced = unique.filter((r) => !found.has(r.caseId)).map((r) => r.caseId);
    const late =
      raced.length === 0
        ? []
        : await this.db.rows<EnsuredRow>(
            `SELECT w.id, w.case_id, c.case_number, w.queue_name, w.channel, w.priority, w.status,
                    w.agent_id, w.created_at, false AS created, w.first_response_due_at IS NULL AS sla_unset
               FROM work_items w JOIN cases c ON c.id = w.case_id
              WHERE w.case_id = ANY($1::uuid[]) AND w.status IN ('queued', 'assigned')`,
            [raced],
          );
    const raisedIds = new Set(updated.filter((r) => r.raised).map((r) => r.id));
    const active = [...updated, ...inserted, ...late].map((r): EnsuredWorkItem => ({
      ...toActive(r),
      created: r.created,
      slaUnset: r.sla_unset,
    }));
    return { active, raised: active.filter((a) => a.status === 'queued' && raisedIds.has(a.id)) };
  }

  /** customerId → tier, for routing rules on the customer tier. */
  async customerTiers(customerIds: string[]): Promise<Map<string, string>> {
    if (customerIds.length === 0) return new Map();
    const rows = await this.db.rows<{ id: string; tier: string }>(
      `SELECT id, tier FROM customers WHERE id = ANY($1::uuid[])`,
      [[...new Set(customerIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.tier]));
  }

  /** When each interaction's mention reached Kafka (null for phone work), in the given order. */
  async mentionsPublishedAt(interactionIds: string[]): Promise<Date[]> {
    if (interactionIds.length === 0) return [];
    const rows = await this.db.rows<{ published_at: Date }>(
      `SELECT published_at FROM interactions WHERE id = ANY($1::uuid[]) AND published_at IS NOT NULL`,
      [interactionIds],
    );
    return rows.map((r) => r.published_at);
  }

  /**
   * Marks the events processed by `consumer` and returns those that were not yet (in the given
   * order, duplicates kept): ONE statement instead of `unprocessedEvents` + `markProcessed`. Call
   * it first in the unit of work that handles the events: a rollback unmarks them, and a
   * concurrent handler of the same event waits for this one's commit and then skips it. Rows are
   * written in event-id order, so two handlers of overlapping batches cannot deadlock here.
   */
  async claimUnprocessed<E extends Pick<CaseEvent, 'eventId' | 'caseId' | 'interactionId'>>(
    consumer: string,
    events: E[],
  ): Promise<E[]> {
    if (events.length === 0) return [];
    const sorted = [...events].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    const rows = await this.db.rows<{ event_id: string }>(
      `INSERT INTO processed_events (consumer, event_id, case_id, interaction_id)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[])
       ON CONFLICT DO NOTHING
       RETURNING event_id`,
      [
        consumer,
        sorted.map((e) => e.eventId),
        sorted.map((e) => e.caseId),
        sorted.map((e) => e.interactionId),
      ],
    );
    const claimed = new Set(rows.map((r) => r.event_id));
    return events.filter((e) => claimed.has(e.eventId));
  }

  /** Recorded in the unit of work of the routing, so a redelivered event is skipped. */
  async markProcessed(
    consumer: string,
    events: Array<Pick<CaseEvent, 'eventId' | 'caseId' | 'interactionId'>>,
  ): Promise<void> {
    if (events.length === 0) return;
    await this.db.execute(
      `INSERT INTO processed_events (consumer, event_id, case_id, interaction_id)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[])
       ON CONFLICT DO NOTHING`,
      [
        consumer,
        events.map((e) => e.eventId),
        events.map((e) => e.caseId),
        events.map((e) => e.interactionId),
      ],
    );
  }

  /** Every queue that may hold jobs: the configured ones and any an item waits in. */
  async mirrorQueueNames(): Promise<string[]> {
    const rows = await this.db.rows<{ name: string }>(
      `SELECT name FROM queues
        UNION SELECT DISTINCT queue_name FROM work_items WHERE status = 'queued'`,
    );
    return rows.map((r) => r.name);
  }

  /** Every waiting item, for repairing the BullMQ mirror. */
  async waitingItems(): Promise<ActiveWorkItem[]> {
    const rows = await this.db.rows<ActiveRow>(`${ACTIVE_SELECT} WHERE w.status = 'queued'`);
    return rows.map(toActive);
  }
}
