import type { DataSource, EntityManager } from 'typeorm';
import type { Channel } from '@scb/contracts';
import { channelsWithRoom, type ChannelCapacity, type Presence } from '@scb/routing';

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

export type ClaimResult =
  | { kind: 'assigned'; item: AssignedWorkItem }
  | { kind: 'empty' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unknown-agent' };

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
 * locked first (so one agent's concurrent requests cannot overrun its capacity), then the best
 * waiting item that fits is taken with `FOR UPDATE SKIP LOCKED` (so concurrent agents never get
 * the same item and never wait on each other).
 */
export class WorkAssignmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claimNext(
    agentId: string,
    refuse: (load: AgentLoad) => string | null,
  ): Promise<ClaimResult> {
    return this.dataSource.transaction(async (tx) => {
      const load = await this.lockAgent(tx, agentId);
      if (!load) return { kind: 'unknown-agent' };
      const reason = refuse(load);
      if (reason) return { kind: 'refused', reason };
      const [updated]: [Row[], number] = await tx.query(
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
        [agentId, load.queues, channelsWithRoom(load.capacity, load.holding), load.skills],
      );
      const row = updated[0];
      return row ? { kind: 'assigned', item: toItem(row) } : { kind: 'empty' };
    });
  }

  async accept(itemId: string, agentId: string): Promise<AssignedWorkItem | null> {
    return this.update(
      `UPDATE work_items w SET accepted_at = coalesce(accepted_at, now()), updated_at = now()
         FROM cases c
        WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
       RETURNING ${RETURNING}`,
      [itemId, agentId],
    );
  }

  /** Completes the item and resolves its case in one transaction. */
  async complete(itemId: string, agentId: string, resolutionCode: string) {
    return this.dataSource.transaction(async (tx) => {
      const item = await this.update(
        `UPDATE work_items w
            SET status = 'completed', completed_at = now(), resolution_code = $3, updated_at = now()
           FROM cases c
          WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
         RETURNING ${RETURNING}`,
        [itemId, agentId, resolutionCode],
        tx,
      );
      if (item) {
        await tx.query(
          `UPDATE cases SET status = 'resolved', resolved_at = now(), last_activity_at = now() WHERE id = $1`,
          [item.caseId],
        );
      }
      return item;
    });
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
   * go back to their queues. Accepted work stays with the agent who is working on it.
   */
  async releaseAbandoned(heartbeatTimeoutSeconds: number): Promise<AssignedWorkItem[]> {
    const [rows]: [Row[], number] = await this.dataSource.query(
      `UPDATE work_items w
          SET status = 'queued', agent_id = NULL, assigned_at = NULL, updated_at = now()
         FROM agents a, cases c
        WHERE w.agent_id = a.id AND c.id = w.case_id AND w.status = 'assigned' AND w.accepted_at IS NULL
          AND (a.presence = 'offline'
               OR a.last_heartbeat_at IS NULL
               OR a.last_heartbeat_at < now() - make_interval(secs => $1))
       RETURNING ${RETURNING}`,
      [heartbeatTimeoutSeconds],
    );
    return rows.map(toItem);
  }

  /** What an agent holds, oldest hand-out first, with the updates that reached each case. */
  async heldBy(agentId: string): Promise<AssignedWorkItem[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${RETURNING} FROM work_items w JOIN cases c ON c.id = w.case_id
        WHERE w.agent_id = $1 AND w.status = 'assigned' ORDER BY w.assigned_at, w.id`,
      [agentId],
    );
    return rows.map(toItem);
  }

  async find(itemId: string): Promise<AssignedWorkItem | null> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${RETURNING} FROM work_items w JOIN cases c ON c.id = w.case_id WHERE w.id = $1`,
      [itemId],
    );
    return rows[0] ? toItem(rows[0]) : null;
  }

  private async lockAgent(tx: EntityManager, agentId: string): Promise<AgentLoad | null> {
    const agents: Array<{
      presence: Presence;
      capacity: ChannelCapacity;
      queues: string[];
      skills: string[];
    }> = await tx.query(
      `SELECT presence, capacity, queues, skills FROM agents WHERE id = $1 FOR UPDATE`,
      [agentId],
    );
    if (agents.length === 0) return null;
    const held: Array<{ channel: Channel; n: number }> = await tx.query(
      `SELECT channel, count(*)::int AS n FROM work_items WHERE agent_id = $1 AND status = 'assigned' GROUP BY channel`,
      [agentId],
    );
    return {
      presence: agents[0].presence,
      queues: agents[0].queues,
      skills: agents[0].skills,
      capacity: agents[0].capacity,
      holding: Object.fromEntries(held.map((h) => [h.channel, h.n])),
    };
  }

  private async update(
    sql: string,
    params: unknown[],
    runner: DataSource | EntityManager = this.dataSource,
  ): Promise<AssignedWorkItem | null> {
    const [rows]: [Row[], number] = await runner.query(sql, params);
    return rows[0] ? toItem(rows[0]) : null;
  }
}
