import type { SlaKind, SlaStage } from '@scb/routing';
import type { Database } from '../database';
import { toSlaEventFacts, type SlaEventFacts } from './sla.repository';

/** One webhook still to deliver, with the facts of its breach. */
export interface PendingSlaNotification extends SlaEventFacts {
  id: string;
  target: string;
  attempts: number;
  escalation: { priority: [number, number]; queue: [string, string] };
}

export interface NotificationAttempt {
  id: string;
  error: string | null;
}

/** The outbox of supervisor webhooks written with each breach (see FireSlaStage). */
export class SlaNotificationRepository {
  constructor(private readonly db: Database) {}

  /** Webhooks of one SLA stage of one item that have not been delivered yet. */
  async pending(timer: {
    workItemId: string;
    kind: SlaKind;
    stage: SlaStage;
  }): Promise<PendingSlaNotification[]> {
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT n.id, n.target, n.attempts, e.work_item_id, e.case_id, c.case_number, e.queue_name,
              e.kind, e.stage, e.due_at, e.occurred_at, e.escalation
         FROM sla_notifications n
         JOIN sla_events e ON e.id = n.sla_event_id
         JOIN cases c ON c.id = e.case_id
        WHERE e.work_item_id = $1 AND e.kind = $2 AND e.stage = $3 AND n.status = 'pending'
        ORDER BY n.id`,
      [timer.workItemId, timer.kind, timer.stage],
    );
    return rows.map((r) => ({
      ...toSlaEventFacts(r),
      id: String(r.id),
      target: r.target as string,
      attempts: r.attempts as number,
      escalation: r.escalation as PendingSlaNotification['escalation'],
    }));
  }

  /** Counts each attempt; a delivered one becomes `sent`, a failed one keeps its reason. */
  async recordAttempts(attempts: NotificationAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.execute(
      `UPDATE sla_notifications n
          SET attempts = n.attempts + 1,
              status = CASE WHEN a.error IS NULL THEN 'sent' ELSE n.status END,
              sent_at = CASE WHEN a.error IS NULL THEN now() ELSE n.sent_at END,
              last_error = a.error
         FROM unnest($1::bigint[], $2::text[]) AS a(id, error)
        WHERE n.id = a.id AND n.status = 'pending'`,
      [attempts.map((a) => a.id), attempts.map((a) => a.error)],
    );
  }
}
