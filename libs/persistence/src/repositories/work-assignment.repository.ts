import type { Channel } from '@scb/contracts';
import type { ChannelCapacity, Presence } from '@scb/routing';
import { PreparedStatement, type Database } from '../database';

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

/** Who is holding what, as the capacity check needs it. */
export interface AgentLoad {
  presence: Presence;
  queues: string[];
  skills: string[];
  capacity: ChannelCapacity;
  holding: Partial<Record<Channel, number>>;
}

/**
 * One hand-out attempt (`claimNext`): null for an unknown agent. `current` false means a
 * concurrent hand-out to the same agent committed between the statement's snapshot and its lock
 * on the agent: nothing was claimed, and the caller retries (a new statement sees that item).
 */
export interface HandOut {
  current: boolean;
  /** The agent's state as the hand-out saw it (locked), for the capacity rule's reason. */
  load: AgentLoad;
  /** The item handed out, or null when nothing waiting fits (or the agent may not take work). */
  item: AssignedWorkItem | null;
  /** The `work_queue_changes` row written with the hand-out (its BullMQ job's removal). */
  changeId: string | null;
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
 * Hands work items to agents. Postgres row locks make every hand-out atomic (`claimNext`, one
 * statement): the agent row is locked first, so one agent's concurrent requests cannot overrun
 * its capacity, then the best waiting item that fits is taken with `FOR UPDATE SKIP LOCKED`, so
 * concurrent agents never get the same item and never wait on each other.
 */
export class WorkAssignmentRepository {
  constructor(private readonly db: Database) {}

  /**
   * Hands the agent the best waiting item that fits them, in ONE statement (autocommit: no
   * transaction round trips): it locks the agent's row (so one agent's concurrent hand-outs take
   * turns and cannot overrun its capacity), counts what the agent holds, takes the first waiting
   * item in hand-out order (priority, then longest waiting) of the agent's queues, skills and the
   * channels with room, with `FOR UPDATE SKIP LOCKED` (concurrent agents never get the same item
   * and never wait on each other), assigns it, bumps `agents.hand_outs` and records the BullMQ
   * change (`work_queue_changes`). Only an `available` agent gets work; a channel has room while
   * the agent holds fewer of its items than its capacity (the rule of `channelsWithRoom` /
   * `refusalReason` in @scb/routing, which word the refusal from `load`).
   *
   * The statement counts holdings in its snapshot, taken before it waited for the agent's lock:
   * `hand_outs` read in that snapshot and as locked differ when a concurrent hand-out committed
   * in between, and then nothing is claimed and `current` is false (retry).
   *
   * The pick (`next_queued_work_item`) reads with a later snapshot than the statement's: an item
   * committed in between can be picked but is invisible to the claiming UPDATE, which then claims
   * nothing. `current` is false then too, so the hand-out is retried rather than answered empty.
   */
  async claimNext(agentId: string): Promise<HandOut | null> {
    const row = await this.db.one<
      Partial<Row> & {
        current: boolean;
        presence: Presence;
        capacity: ChannelCapacity;
        queues: string[];
        skills: string[];
        holding: Partial<Record<Channel, number>>;
        change_id: string | null;
      }
    >(
      new PreparedStatement(
        'work-assignment.claim-next',
        `WITH seen AS (
         SELECT hand_outs FROM agents WHERE id = $1),
       agent AS (
         SELECT a.presence, a.capacity, a.queues, a.skills, a.hand_outs = s.hand_outs AS current
           FROM agents a, seen s WHERE a.id = $1 FOR UPDATE OF a),
       held AS (
         SELECT channel, count(*)::int AS n FROM work_items
          WHERE agent_id = $1 AND status = 'assigned' GROUP BY channel),
       room AS (
         SELECT coalesce(array_agg(k.channel), '{}') AS channels
           FROM agent a CROSS JOIN LATERAL jsonb_each_text(a.capacity) AS k(channel, cap)
           LEFT JOIN held h ON h.channel = k.channel
          WHERE a.current AND a.presence = 'available' AND coalesce(h.n, 0) < k.cap::int),
       -- Walks each (queue, channel with room) pair of the agent in hand-out order to the first
       -- waiting item that fits, then takes the best, locking only it (the function: migration
       -- 1767840000000); not called without room.
       pick AS (
         SELECT next_queued_work_item(a.queues::text[], r.channels::text[], a.skills::text[]) AS id
           FROM agent a, room r WHERE cardinality(r.channels) > 0),
       claimed AS (
         UPDATE work_items w
            SET status = 'assigned', agent_id = $1, assigned_at = now(), accepted_at = NULL, updated_at = now()
           FROM pick, cases c
          WHERE w.id = pick.id AND c.id = w.case_id
         RETURNING ${RETURNING}),
       counted AS (
         UPDATE agents SET hand_outs = hand_outs + 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM claimed)),
       change AS (
         INSERT INTO work_queue_changes (work_item_id, from_queue)
         SELECT id, queue_name FROM claimed RETURNING id)
       SELECT a.current AND (claimed.id IS NOT NULL OR (SELECT id FROM pick) IS NULL) AS current,
              a.presence, a.capacity, a.queues, a.skills,
              coalesce((SELECT jsonb_object_agg(channel, n) FROM held), '{}') AS holding,
              (SELECT id FROM change)::text AS change_id, claimed.*
         FROM agent a LEFT JOIN claimed ON true`,
      ),
      [agentId],
    );
    if (!row) return null;
    return {
      current: row.current,
      load: {
        presence: row.presence,
        queues: row.queues,
        skills: row.skills,
        capacity: row.capacity,
        holding: row.holding,
      },
      item: row.id ? toItem(row as Row) : null,
      changeId: row.change_id,
    };
  }

  /**
   * Marks the held item accepted (the first time stays). Accepting a PHONE item is answering the
   * call, so it also records the item's first response (`sla.firstRespondedAt`, the first time
   * stays), as the first reply does for social work; the caller stops the first-response clock.
   */
  async accept(itemId: string, agentId: string): Promise<AssignedWorkItem | null> {
    return this.update(
      new PreparedStatement(
        'work-assignment.accept',
        `UPDATE work_items w SET accepted_at = coalesce(accepted_at, now()), updated_at = now(),
              first_responded_at = CASE WHEN w.channel = 'phone' THEN coalesce(w.first_responded_at, now())
                                        ELSE w.first_responded_at END
         FROM cases c
        WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
       RETURNING ${RETURNING}`,
      ),
      [itemId, agentId],
    );
  }

  /**
   * Completes the item and resolves its case in ONE statement (both updates commit together
   * without a transaction's BEGIN/COMMIT round trips; inside a unit of work it joins it); null
   * unless the agent holds the item. The case's row as returned is the one before it was
   * resolved (only `case_number` is read from it, which does not change).
   */
  async complete(
    itemId: string,
    agentId: string,
    resolutionCode: string,
  ): Promise<AssignedWorkItem | null> {
    return this.update(
      new PreparedStatement(
        'work-assignment.complete',
        `WITH done AS (
         UPDATE work_items w
            SET status = 'completed', completed_at = now(), resolution_code = $3, updated_at = now()
           FROM cases c
          WHERE w.id = $1 AND w.agent_id = $2 AND w.status = 'assigned' AND c.id = w.case_id
         RETURNING ${RETURNING}),
       resolved AS (
         UPDATE cases SET status = 'resolved', resolved_at = now(), last_activity_at = now()
          WHERE id = (SELECT case_id FROM done))
       SELECT * FROM done`,
      ),
      [itemId, agentId, resolutionCode],
    );
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

  private async update(
    sql: string | PreparedStatement,
    params: unknown[],
  ): Promise<AssignedWorkItem | null> {
    const row = await this.db.one<Row>(sql, params);
    return row ? toItem(row) : null;
  }
}
