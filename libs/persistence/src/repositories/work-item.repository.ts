import type { DataSource } from 'typeorm';
import type { CaseEvent, Channel } from '@scb/contracts';

export interface WorkItemRequest {
  caseId: string;
  queue: string;
  channel: Channel;
  priority: number;
  requiredSkills: string[];
  explanation: string;
}

export interface ActiveWorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: Channel;
  priority: number;
  status: 'queued' | 'assigned';
  createdAt: Date;
}

/**
 * Work items in Postgres mirror the BullMQ jobs: one active item per case (a unique index), so
 * every event about a case converges on the same item however often it is delivered.
 */
export class WorkItemRepository {
  constructor(private readonly dataSource: DataSource) {}

  async unprocessedEvents<E extends Pick<CaseEvent, 'eventId'>>(
    consumer: string,
    events: E[],
  ): Promise<E[]> {
    if (events.length === 0) return [];
    const done: Array<{ event_id: string }> = await this.dataSource.query(
      `SELECT event_id FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
      [consumer, events.map((e) => e.eventId)],
    );
    const seen = new Set(done.map((d) => d.event_id));
    return events.filter((e) => !seen.has(e.eventId));
  }

  /** Creates the missing active items and returns the active item of every requested case. */
  async ensureActive(requests: WorkItemRequest[]): Promise<ActiveWorkItem[]> {
    if (requests.length === 0) return [];
    const byCase = new Map(requests.map((r) => [r.caseId, r]));
    const unique = [...byCase.values()];
    await this.dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, required_skills)
       SELECT t.case_id, t.queue_name, t.channel, t.priority, t.explanation,
              coalesce(ARRAY(SELECT jsonb_array_elements_text(t.skills)), '{}')
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int2[], $5::text[], $6::jsonb[])
           AS t(case_id, queue_name, channel, priority, explanation, skills)
       ON CONFLICT (case_id) WHERE status IN ('queued', 'assigned') DO NOTHING`,
      [
        unique.map((r) => r.caseId),
        unique.map((r) => r.queue),
        unique.map((r) => r.channel),
        unique.map((r) => r.priority),
        unique.map((r) => r.explanation),
        // text[][] cannot be ragged, so each item's skills travel as one JSON array.
        unique.map((r) => JSON.stringify(r.requiredSkills)),
      ],
    );
    const rows: Array<{
      id: string;
      case_id: string;
      case_number: string;
      queue_name: string;
      channel: Channel;
      priority: number;
      status: 'queued' | 'assigned';
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT w.id, w.case_id, c.case_number, w.queue_name, w.channel, w.priority, w.status, w.created_at
           FROM work_items w JOIN cases c ON c.id = w.case_id
          WHERE w.case_id = ANY($1::uuid[]) AND w.status IN ('queued', 'assigned')`,
      [unique.map((r) => r.caseId)],
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      queue: r.queue_name,
      channel: r.channel,
      priority: r.priority,
      status: r.status,
      createdAt: r.created_at,
    }));
  }

  async markQueued(workItemIds: string[]): Promise<void> {
    if (workItemIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE work_items SET queued_at = coalesce(queued_at, now()), updated_at = now() WHERE id = ANY($1::uuid[])`,
      [workItemIds],
    );
  }

  /** Recorded only after the jobs are in BullMQ, so a crash before it means a harmless redo. */
  async markProcessed(
    consumer: string,
    events: Array<Pick<CaseEvent, 'eventId' | 'caseId' | 'interactionId'>>,
  ): Promise<void> {
    if (events.length === 0) return;
    await this.dataSource.query(
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
}
