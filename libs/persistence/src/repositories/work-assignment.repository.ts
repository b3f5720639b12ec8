import type { Channel } from '@scb/contracts';
import type { ChannelCapacity, Presence } from '@scb/routing';
import type { Database } from '../database';

export interface AssignedWorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: Channel;
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
  agentId: string | null;
  queuedAt: Date | null;
  assignedAt: Date | null;
  acceptedAt: Date | null;
  /** Messages that reached the case since the item was created (continuity). */
  updates: number;
  /**
   * The item's SLA due times (null until the router has started its clocks, or when its queue
   * sets no target for its priority) and when the customer first got an answer.
   */
  sla: {
    firstResponseDueAt: Date | null;
    resolutionDueAt: Date | null;
    firstRespondedAt: Date | null;
  };
}

/** What a hand-out may take: waiting items of these queues and channels needing these skills. */
export interface ClaimFilter {
  queues: string[];
  channels: Channel[];
  skills: string[];
}

/** Who is holding what, as the capacity check needs it. */
export interface AgentLoad {
  presence: Presence;
  queues: string[];
  skills: string[];
  capacity: ChannelCapacity;
  holding: Partial<Record<Channel, number>>;
}

const RETURNING = `w.id, w.case_id, c.case_number, w.queue_name, w.channel, w.priority, w.status, w.agent_id,
                   w.queued_at, w.assigned_at, w.accepted_at, w.updates,
                   w.first_response_due_at, w.resolution_due_at, w.first_responded_at`;

interface Row {
  id: string;
  case_id: string;
  case_number: string;
  queue_name: string;
  channel: Channel;
  priority: number;
  status: AssignedWorkItem['status'];
  agent_id: string | null;
  queued_at: Date | null;
  assigned_at: Date | null;
  accepted_at: Date | null;
  updates?: number;
  first_response_due_at?: Date | null;
  resolution_due_at?: Date | null;
  first_responded_at?: Date | null;
}

const toItem = (r: Row): AssignedWorkItem => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  queue: r.queue_name,
  channel: r.channel,
  priority: r.priority,
  status: r.status,
  agentId: r.agent_id,
  queuedAt: r.queued_at,
  assignedAt: r.assigned_at,
  acceptedAt: r.accepted_at,
  updates: r.updates ?? 0,
  sla: {
    firstResponseDueAt: r.first_response_due_at ?? null,
    resolutionDueAt: r.resolution_due_at ?? null,
    firstRespondedAt: r.first_responded_at ?? null,
  },
});

/**
 * Hands work items to agents. Postgres row locks make every hand-out atomic: the agent row is
 * locked first (`lockAgent`, so one agent's concurrent requests cannot overrun its capacity), then
 * the best waiting item that fits is taken with `FOR UPDATE SKIP LOCKED` (`claimBest`, so
 * concurrent agents never get the same item and never wait on each other). Both run in the
 * caller's unit of work, which decides in between.
 */
export class WorkAssignmentRepository {
  constructor(private readonly db: Database) {}

  /**
   * Locks the agent's row until the unit of work ends and reads what they hold; null for an
   * unknown agent. Call inside a unit of work (outside one the lock ends with the statement).
   */
  async lockAgent(agentId: string): Promise<AgentLoad | null> {
    const agent = await this.db.one<{
      presence: Presence;
      capacity: ChannelCapacity;
      queues: string[];
      skills: string[];
    }>(`SELECT presence, capacity, queues, skills FROM agents WHERE id = $1 FOR UPDATE`, [agentId]);
    if (!agent) return null;
    const held = await this.db.rows<{ channel: Channel; n: number }>(
      `SELECT channel, count(*)::int AS n FROM work_items WHERE agent_id = $1 AND status = 'assigned' GROUP BY channel`,
      [agentId],
    );
    return {
      presence: agent.presence,
      queues: agent.queues,
      skills: agent.skills,
      capacity: agent.capacity,
      holding: Object.fromEntries(held.map((h) => [h.channel, h.n])),
    };
  }

  /** Assigns the best waiting item that passes `filter` to the agent; null when none does. */
  async claimBest(agentId: string, filter: ClaimFilter): Promise<AssignedWorkItem | null> {
    return this.update(
      // Walks the hand-out index in order and stops at the first waiting item that fits.
      `WITH pick AS (
         SELECT w.id FROM work_items w
          WHERE w.status = 'queued' AND w.queue_name = ANY($2::text[])
            AND w.channel = ANY($3::text[]) AND w.required_skills <@ $4::text[]
          ORDER BY w.priority, w.queued_at, w.created_at, w.id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
       UPDATE work_items w
          SET status = 'assigned', agent_id = $1, assigned_at = now(), accepted_at = NULL, updated_at = now()
         FROM pick, cases c
        WHERE w.id = pick.id AND c.id = w.case_id
       RETURNING ${RETURNING}`,
      [agentId, filter.queues, filter.channels, filter.skills],
    );
  }

  /**
   * Marks the held item accepted (the first time stays). Accepting a PHONE item is answering the
   * call, so it also records the item's first response (`sla.firstRespondedAt`, the first time
   * stays), as the first reply does for social work; the caller stops the first-response clock.
   */
  async accept(itemId: string, agentId: string): Promise<AssignedWorkItem | null> {
    return this.update(
      `UPDATE work_items w SET accepted_at = coalesce(accepted_at, now()), updated_at = now(),
              first_responded_at = CASE WHEN w.channel = 'phone' THEN coalesce(w.first_responded_at, now())
                                        ELSE w.first_responded_at END
         FROM cases c
        WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
       RETURNING ${RETURNING}`,
      [itemId, agentId],
    );
  }

  /**
   * Completes the item and resolves its case (two statements: call inside a unit of work, so
   * they commit together); null unless the agent holds the item.
   */
  async complete(
    itemId: string,
    agentId: string,
    resolutionCode: string,
  ): Promise<AssignedWorkItem | null> {
    const item = await this.update(
      `UPDATE work_items w
          SET status = 'completed', completed_at = now(), resolution_code = $3, updated_at = now()
         FROM cases c
        WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
       RETURNING ${RETURNING}`,
      [itemId, agentId, resolutionCode],
    );
    if (item) {
      await this.db.execute(
        `UPDATE cases SET status = 'resolved', resolved_at = now(), last_activity_at = now() WHERE id = $1`,
        [item.caseId],
      );
    }
    return item;
  }

  /** Puts an item back in a queue (its own, or another for a transfer), keeping its age. */
  async release(itemId: string, agentId: string, toQueue?: string) {
    return this.update(
      `UPDATE work_items w
          SET status = 'queued', agent_id = NULL, assigned_at = NULL, accepted_at = NULL,
              queue_name = coalesce($3, w.queue_name), updated_at = now()
         FROM cases c
        WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
       RETURNING ${RETURNING}`,
      [itemId, agentId, toQueue ?? null],
    );
  }

  async transferToAgent(itemId: string, fromAgentId: string, toAgentId: string) {
    return this.update(
      `UPDATE work_items w SET agent_id = $3, assigned_at = now(), accepted_at = NULL, updated_at = now()
         FROM cases c
        WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
          AND EXISTS (SELECT 1 FROM agents WHERE id = $3)
       RETURNING ${RETURNING}`,
      [itemId, fromAgentId, toAgentId],
    );
  }

  /**
   * Items handed out but not accepted, held by agents who went offline or stopped heartbeating,
   * go back to their queues. Accepted work stays with the agent who is working on it. Asking for
   * work is itself a sign of life: an item handed out within the timeout stays with a silent
   * agent until the timeout has passed since the hand-out (else a burst of `next` calls slower
   * than the timeout would see its fresh hand-outs taken back and handed out again).
   */
  async releaseAbandoned(heartbeatTimeoutSeconds: number): Promise<AssignedWorkItem[]> {
    const rows = await this.db.rows<Row>(
      `UPDATE work_items w
          SET status = 'queued', agent_id = NULL, assigned_at = NULL, updated_at = now()
         FROM agents a, cases c
        WHERE w.agent_id = a.id AND c.id = w.case_id AND w.status = 'assigned' AND w.accepted_at IS NULL
          AND (a.presence = 'offline'
               OR ((a.last_heartbeat_at IS NULL
                    OR a.last_heartbeat_at < now() - make_interval(secs => $1))
                   AND w.assigned_at < now() - make_interval(secs => $1)))
       RETURNING ${RETURNING}`,
      [heartbeatTimeoutSeconds],
    );
    return rows.map(toItem);
  }

  /** What an agent holds, oldest hand-out first, with the updates that reached each case. */
  async heldBy(agentId: string): Promise<AssignedWorkItem[]> {
    const rows = await this.db.rows<Row>(
      `SELECT ${RETURNING} FROM work_items w JOIN cases c ON c.id = w.case_id
        WHERE w.agent_id = $1 AND w.status = 'assigned' ORDER BY w.assigned_at, w.id`,
      [agentId],
    );
    return rows.map(toItem);
  }

  async find(itemId: string): Promise<AssignedWorkItem | null> {
    const rows = await this.db.rows<Row>(
      `SELECT ${RETURNING} FROM work_items w JOIN cases c ON c.id = w.case_id WHERE w.id = $1`,
      [itemId],
    );
    return rows[0] ? toItem(rows[0]) : null;
  }

  private async update(sql: string, params: unknown[]): Promise<AssignedWorkItem | null> {
    const row = await this.db.one<Row>(sql, params);
    return row ? toItem(row) : null;
  }
}
