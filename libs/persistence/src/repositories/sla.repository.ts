import type { DataSource } from 'typeorm';
import type { Channel } from '@scb/contracts';
import { notifyChannel, redactNotifyTarget, type SlaKind, type SlaStage } from '@scb/routing';

export interface SlaCandidate {
  id: string;
  queue: string;
  priority: number;
  createdAt: Date;
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

export type SlaFireResult =
  | { kind: 'met' | 'already-fired' | 'unknown' }
  | { kind: 'fired'; before: SlaItemState; after: SlaItemState };

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
  constructor(private readonly dataSource: DataSource) {}

  /** Active items among `ids` whose SLA clock has not been set yet. */
  async awaitingSchedule(ids: string[]): Promise<SlaCandidate[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; queue_name: string; priority: number; created_at: Date }> =
      await this.dataSource.query(
        `SELECT id, queue_name, priority, created_at FROM work_items
          WHERE id = ANY($1::uuid[]) AND first_response_due_at IS NULL AND status <> 'completed'`,
        [ids],
      );
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue_name,
      priority: r.priority,
      createdAt: r.created_at,
    }));
  }

  async setDueTimes(
    rows: Array<{ id: string; firstResponseDueAt: Date; resolutionDueAt: Date }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
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
   * Records a timer's stage unless the target was met (item completed, or first response given)
   * or the stage was already recorded; a breach applies the escalation in the same transaction.
   */
  async fire(
    timer: SlaTimerRef,
    escalate: (item: SlaItemState) => {
      priority: number;
      toQueue: string | null;
      notify: string[];
    },
  ): Promise<SlaFireResult> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{
        id: string;
        case_id: string;
        case_number: string;
        channel: Channel;
        queue_name: string;
        priority: number;
        status: SlaItemState['status'];
        first_responded_at: Date | null;
      }> = await tx.query(
        `SELECT w.id, w.case_id, c.case_number, w.channel, w.queue_name, w.priority, w.status, w.first_responded_at
           FROM work_items w JOIN cases c ON c.id = w.case_id WHERE w.id = $1 FOR UPDATE OF w`,
        [timer.workItemId],
      );
      const row = rows[0];
      if (!row) return { kind: 'unknown' };
      if (row.status === 'completed' || (timer.kind === 'firstResponse' && row.first_responded_at))
        return { kind: 'met' };
      const before: SlaItemState = {
        id: row.id,
        caseId: row.case_id,
        caseNumber: row.case_number,
        channel: row.channel,
        queue: row.queue_name,
        priority: row.priority,
        status: row.status,
      };
      let after = before;
      let notify: string[] = [];
      if (timer.stage === 'breached') {
        const step = escalate(before);
        notify = step.notify;
        const target: unknown[] = step.toQueue
          ? await tx.query(`SELECT 1 FROM queues WHERE name = $1`, [step.toQueue])
          : [];
        // An item an agent holds stays with that agent; only a waiting item changes queue.
        const queue =
          step.toQueue && target.length > 0 && before.status === 'queued'
            ? step.toQueue
            : before.queue;
        after = { ...before, priority: step.priority, queue };
      }
      const inserted: Array<{ id: string }> = await tx.query(
        `INSERT INTO sla_events (work_item_id, case_id, queue_name, kind, stage, due_at, escalation)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (work_item_id, kind, stage) DO NOTHING RETURNING id`,
        [
          before.id,
          before.caseId,
          before.queue,
          timer.kind,
          timer.stage,
          timer.dueAt,
          timer.stage === 'breached'
            ? JSON.stringify({
                priority: [before.priority, after.priority],
                queue: [before.queue, after.queue],
                notify,
              })
            : null,
        ],
      );
      if (inserted.length === 0) return { kind: 'already-fired' };
      if (notify.length > 0) {
        // The outbox of supervisor notifications, committed with the breach itself.
        await tx.query(
          `INSERT INTO sla_notifications (sla_event_id, target, channel, status)
           SELECT $1, t.target, t.channel, CASE WHEN t.channel = 'webhook' THEN 'pending' ELSE 'in-app' END
             FROM unnest($2::text[], $3::text[]) AS t(target, channel)
           ON CONFLICT (sla_event_id, target) DO NOTHING`,
          [inserted[0].id, notify, notify.map((t) => notifyChannel(t) ?? 'in-app')],
        );
      }
      if (after !== before) {
        await tx.query(
          `UPDATE work_items SET priority = $2, queue_name = $3, updated_at = now() WHERE id = $1`,
          [before.id, after.priority, after.queue],
        );
      }
      return { kind: 'fired', before, after };
    });
  }

  /** How many events `recentEvents` pages through with the same filters. */
  async countEvents(query: SlaEventFilter): Promise<number> {
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM sla_events e WHERE ${SLA_EVENT_FILTER}`,
      slaEventFilter(query),
    );
    return Number(total);
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
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
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
