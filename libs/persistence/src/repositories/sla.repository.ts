import type { Channel } from '@scb/contracts';
import { redactNotifyTarget, type SlaKind, type SlaStage } from '@scb/routing';
import type { Database } from '../database';

export interface SlaCandidate {
  id: string;
  queue: string;
  priority: number;
  /**
   * When the item's clock starts: when it began to wait, the earlier of its creation and its
   * `queued_at` (a phone call waits from its arrival at the phone system, before the item exists).
   */
  startAt: Date;
}

export interface SlaTimerRef {
  workItemId: string;
  kind: SlaKind;
  stage: SlaStage;
  dueAt: string;
}

export interface SlaItemState {
  id: string;
  caseId: string;
  caseNumber: string;
  channel: Channel;
  queue: string;
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
}

/** An item's state when its timer fires, with whether its first response was given. */
export interface SlaFiringItem extends SlaItemState {
  firstRespondedAt: Date | null;
}

/** What an SLA event says, from a row of `sla_events` joined with its case. */
export interface SlaEventFacts {
  workItemId: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  kind: SlaKind;
  stage: SlaStage;
  dueAt: Date;
  occurredAt: Date;
}

export const toSlaEventFacts = (r: Record<string, unknown>): SlaEventFacts => ({
  workItemId: r.work_item_id as string,
  caseId: r.case_id as string,
  caseNumber: r.case_number as string,
  queue: r.queue_name as string,
  kind: r.kind as SlaKind,
  stage: r.stage as SlaStage,
  dueAt: r.due_at as Date,
  occurredAt: r.occurred_at as Date,
});

export interface SlaEventView extends SlaEventFacts {
  escalation: unknown;
  notifications: Array<{
    target: string;
    channel: 'webhook' | 'in-app';
    status: 'pending' | 'sent' | 'in-app';
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }>;
}

/** SLA due times on work items and the at-risk/breached events, each recorded once. */
export class SlaRepository {
  constructor(private readonly db: Database) {}

  /** Active items among `ids` whose SLA clock has not been set yet. */
  async awaitingSchedule(ids: string[]): Promise<SlaCandidate[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.rows<{
      id: string;
      queue_name: string;
      priority: number;
      start_at: Date;
    }>(
      `SELECT id, queue_name, priority, least(queued_at, created_at) AS start_at FROM work_items
          WHERE id = ANY($1::uuid[]) AND first_response_due_at IS NULL AND status <> 'completed'`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue_name,
      priority: r.priority,
      startAt: r.start_at,
    }));
  }

  async setDueTimes(
    rows: Array<{ id: string; firstResponseDueAt: Date; resolutionDueAt: Date }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db.execute(
      `UPDATE work_items w SET first_response_due_at = t.fr, resolution_due_at = t.res
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(id, fr, res)
        WHERE w.id = t.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.firstResponseDueAt),
        rows.map((r) => r.resolutionDueAt),
      ],
    );
  }

  /**
   * The item a timer fires for, its row locked until the unit of work ends (so a concurrent
   * hand-out or completion waits for the stage's decision); null for an unknown item.
   */
  async lockItem(workItemId: string): Promise<SlaFiringItem | null> {
    const row = await this.db.one<{
      id: string;
      case_id: string;
      case_number: string;
      channel: Channel;
      queue_name: string;
      priority: number;
      status: SlaItemState['status'];
      first_responded_at: Date | null;
    }>(
      `SELECT w.id, w.case_id, c.case_number, w.channel, w.queue_name, w.priority, w.status, w.first_responded_at
         FROM work_items w JOIN cases c ON c.id = w.case_id WHERE w.id = $1 FOR UPDATE OF w`,
      [workItemId],
    );
    if (!row) return null;
    return {
      id: row.id,
      caseId: row.case_id,
      caseNumber: row.case_number,
      channel: row.channel,
      queue: row.queue_name,
      priority: row.priority,
      status: row.status,
      firstRespondedAt: row.first_responded_at,
    };
  }

  async queueExists(name: string): Promise<boolean> {
    return (await this.db.one(`SELECT 1 FROM queues WHERE name = $1`, [name])) !== null;
  }

  /**
   * Records a stage once per (item, kind, stage); `escalation` is what a breach did (stored as
   * JSON). Resolves to the new event's id, or null when the stage was already recorded.
   */
  async recordEvent(event: {
    item: Pick<SlaItemState, 'id' | 'caseId' | 'queue'>;
    timer: SlaTimerRef;
    escalation: unknown;
  }): Promise<string | null> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO sla_events (work_item_id, case_id, queue_name, kind, stage, due_at, escalation)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (work_item_id, kind, stage) DO NOTHING RETURNING id`,
      [
        event.item.id,
        event.item.caseId,
        event.item.queue,
        event.timer.kind,
        event.timer.stage,
        event.timer.dueAt,
        event.escalation === null ? null : JSON.stringify(event.escalation),
      ],
    );
    return row?.id ?? null;
  }

  /** The outbox of supervisor notifications of one SLA event (webhooks pending, in-app final). */
  async addNotifications(
    slaEventId: string,
    targets: Array<{ target: string; channel: 'webhook' | 'in-app' }>,
  ): Promise<void> {
    if (targets.length === 0) return;
    await this.db.execute(
      `INSERT INTO sla_notifications (sla_event_id, target, channel, status)
       SELECT $1, t.target, t.channel, CASE WHEN t.channel = 'webhook' THEN 'pending' ELSE 'in-app' END
         FROM unnest($2::text[], $3::text[]) AS t(target, channel)
       ON CONFLICT (sla_event_id, target) DO NOTHING`,
      [slaEventId, targets.map((t) => t.target), targets.map((t) => t.channel)],
    );
  }

  /** Sets an item's priority and queue (an escalation). */
  async moveItem(workItemId: string, to: { priority: number; queue: string }): Promise<void> {
    await this.db.execute(
      `UPDATE work_items SET priority = $2, queue_name = $3, updated_at = now() WHERE id = $1`,
      [workItemId, to.priority, to.queue],
    );
  }

  /** How many events `recentEvents` pages through with the same filters. */
  async countEvents(query: SlaEventFilter): Promise<number> {
    const row = await this.db.one<{ total: string }>(
      `SELECT count(*) AS total FROM sla_events e WHERE ${SLA_EVENT_FILTER}`,
      slaEventFilter(query),
    );
    return Number(row?.total ?? 0);
  }

  /** Newest first; optional filters on queue, stage, clock and time of occurrence. */
  async recentEvents(query: {
    limit: number;
    offset: number;
    queue?: string;
    stage?: SlaStage;
    kind?: SlaKind;
    from?: string;
    to?: string;
  }): Promise<SlaEventView[]> {
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT e.work_item_id, e.case_id, c.case_number, e.queue_name, e.kind, e.stage, e.due_at, e.occurred_at, e.escalation,
              COALESCE((SELECT json_agg(json_build_object(
                  'target', n.target, 'channel', n.channel, 'status', n.status, 'attempts', n.attempts,
                  'lastError', n.last_error, 'sentAt', n.sent_at) ORDER BY n.id)
                FROM sla_notifications n WHERE n.sla_event_id = e.id), '[]') AS notifications
         FROM sla_events e JOIN cases c ON c.id = e.case_id
        WHERE ${SLA_EVENT_FILTER}
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT $6 OFFSET $7`,
      [...slaEventFilter(query), query.limit, query.offset],
    );
    return rows.map((r) => ({
      ...toSlaEventFacts(r),
      escalation: r.escalation,
      notifications: (r.notifications as SlaEventView['notifications']).map((n) => ({
        ...n,
        target: redactNotifyTarget(n.target),
      })),
    }));
  }
}

/** The optional filters of the SLA event list. */
export interface SlaEventFilter {
  queue?: string;
  stage?: SlaStage;
  kind?: SlaKind;
  from?: string;
  to?: string;
}

const SLA_EVENT_FILTER = `($1::text IS NULL OR e.queue_name = $1) AND ($2::text IS NULL OR e.stage = $2)
          AND ($3::text IS NULL OR e.kind = $3)
          AND ($4::timestamptz IS NULL OR e.occurred_at >= $4)
          AND ($5::timestamptz IS NULL OR e.occurred_at < $5)`;
const slaEventFilter = (q: SlaEventFilter) => [
  q.queue ?? null,
  q.stage ?? null,
  q.kind ?? null,
  q.from ?? null,
  q.to ?? null,
];
