import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queue configuration (skills, channels accepted, SLA policy), ordered routing rules, agents with
 * presence and per-channel capacity, the assignment of work items to agents, and SLA due times
 * with the events of at-risk and breached stages. A work item stays "active" (queued or assigned) until completed, so the one-active-item
 * per case index still holds across hand-outs and put-backs.
 */
export class AgentsAndRouting1764300000000 implements MigrationInterface {
  name = 'AgentsAndRouting1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queues
        ADD COLUMN skills text[] NOT NULL DEFAULT '{}',
        ADD COLUMN channels text[] NOT NULL DEFAULT '{social,phone}',
        ADD COLUMN sla_policy jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE routing_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position integer NOT NULL,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        conditions jsonb NOT NULL,
        target_queue text NOT NULL REFERENCES queues(name),
        priority_adjustment smallint NOT NULL DEFAULT 0,
        required_skills text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX routing_rules_order_idx ON routing_rules (position, created_at)`);
    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        queues text[] NOT NULL DEFAULT '{default}',
        presence text NOT NULL DEFAULT 'offline'
          CHECK (presence IN ('available', 'busy', 'away', 'offline')),
        capacity jsonb NOT NULL DEFAULT '{"phone": 1, "social": 3}',
        last_heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE work_items
        ADD COLUMN required_skills text[] NOT NULL DEFAULT '{}',
        ADD COLUMN agent_id uuid REFERENCES agents(id),
        ADD COLUMN assigned_at timestamptz,
        ADD COLUMN accepted_at timestamptz,
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN resolution_code text,
        ADD COLUMN source_ref text,
        ADD COLUMN updates integer NOT NULL DEFAULT 0,
        ADD COLUMN last_update_at timestamptz,
        ADD COLUMN first_response_due_at timestamptz,
        ADD COLUMN resolution_due_at timestamptz,
        ADD COLUMN first_responded_at timestamptz`);
    // One row per SLA stage reached: the unique key makes a redelivered timer a no-op.
    await q.query(`
      CREATE TABLE sla_events (
        id bigserial PRIMARY KEY,
        work_item_id uuid NOT NULL REFERENCES work_items(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        queue_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('firstResponse', 'resolution')),
        stage text NOT NULL CHECK (stage IN ('atRisk', 'breached')),
        due_at timestamptz NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        escalation jsonb,
        CONSTRAINT sla_events_stage_uq UNIQUE (work_item_id, kind, stage)
      )`);
    await q.query(`CREATE INDEX sla_events_recent_idx ON sla_events (occurred_at DESC)`);
    // Replies are written before they are posted: a retried request finds its row instead of
    // posting twice, and a failure keeps its reason.
    await q.query(`
      CREATE TABLE replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        case_id uuid NOT NULL REFERENCES cases(id),
        agent_id uuid NOT NULL REFERENCES agents(id),
        in_reply_to uuid NOT NULL REFERENCES interactions(id),
        platform text NOT NULL,
        text text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        external_id text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT replies_request_uq UNIQUE (request_id)
      )`);
    // Hand-out order: highest priority (1) first, then the oldest; partial so it stays small.
    await q.query(
      `CREATE INDEX work_items_handout_idx ON work_items (priority, queued_at, created_at, id) WHERE status = 'queued'`,
    );
    await q.query(
      `CREATE INDEX work_items_agent_idx ON work_items (agent_id) WHERE status = 'assigned'`,
    );
    // The phone system may retry a request: its call id makes the creation idempotent.
    await q.query(
      `CREATE UNIQUE INDEX work_items_source_ref_uq ON work_items (source_ref) WHERE source_ref IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE replies`);
    await q.query(`DROP TABLE sla_events`);
    await q.query(`DROP INDEX work_items_source_ref_uq`);
    await q.query(`DROP INDEX work_items_agent_idx`);
    await q.query(`DROP INDEX work_items_handout_idx`);
    await q.query(`
      ALTER TABLE work_items
        DROP COLUMN first_responded_at, DROP COLUMN resolution_due_at, DROP COLUMN first_response_due_at,
        DROP COLUMN last_update_at, DROP COLUMN updates, DROP COLUMN source_ref, DROP COLUMN resolution_code, DROP COLUMN completed_at,
        DROP COLUMN accepted_at, DROP COLUMN assigned_at, DROP COLUMN agent_id,
        DROP COLUMN required_skills`);
    await q.query(`DROP TABLE agents`);
    await q.query(`DROP TABLE routing_rules`);
    await q.query(
      `ALTER TABLE queues DROP COLUMN updated_at, DROP COLUMN sla_policy, DROP COLUMN channels, DROP COLUMN skills`,
    );
  }
}
