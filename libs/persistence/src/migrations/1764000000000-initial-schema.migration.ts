import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers, their social identities, cases, interactions, the transactional outbox, queues and
 * work items. Uniqueness is the backbone of at-least-once delivery: a redelivered mention hits
 * `interactions (platform, external_id)`, a redelivered event hits `processed_events`, and a case
 * can hold only one active work item.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        display_name text,
        tier text NOT NULL DEFAULT 'standard',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE customer_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id),
        platform text NOT NULL,
        external_user_id text NOT NULL,
        handle text,
        display_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT customer_identities_platform_user_uq UNIQUE (platform, external_user_id)
      )`);
    await q.query(
      `CREATE INDEX customer_identities_customer_idx ON customer_identities (customer_id)`,
    );
    await q.query(`CREATE SEQUENCE case_number_seq`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        case_number text NOT NULL DEFAULT ('CS-' || lpad(nextval('case_number_seq')::text, 6, '0')),
        customer_id uuid NOT NULL REFERENCES customers(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        origin_channel text NOT NULL CHECK (origin_channel IN ('social', 'phone')),
        category text,
        priority smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
        opened_at timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CONSTRAINT cases_case_number_uq UNIQUE (case_number)
      )`);
    await q.query(
      `CREATE INDEX cases_open_by_customer_idx ON cases (customer_id, last_activity_at DESC) WHERE status = 'open'`,
    );
    await q.query(`
      CREATE TABLE interactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        customer_id uuid NOT NULL REFERENCES customers(id),
        channel text NOT NULL CHECK (channel IN ('social', 'phone')),
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        platform text NOT NULL,
        external_id text NOT NULL,
        author_id text,
        text text NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        decision jsonb NOT NULL,
        payload jsonb NOT NULL,
        CONSTRAINT interactions_platform_external_uq UNIQUE (platform, external_id)
      )`);
    await q.query(`CREATE INDEX interactions_case_idx ON interactions (case_id, occurred_at)`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT outbox_event_uq UNIQUE (event_id)
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE queues (
        name text PRIMARY KEY,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO queues (name, description) VALUES ('default', 'Shared queue for phone and social work')`,
    );
    await q.query(`
      CREATE TABLE work_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        queue_name text NOT NULL REFERENCES queues(name),
        channel text NOT NULL CHECK (channel IN ('social', 'phone')),
        priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'assigned', 'completed')),
        routing_explanation text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX work_items_one_active_per_case_uq ON work_items (case_id) WHERE status IN ('queued', 'assigned')`,
    );
    await q.query(
      `CREATE INDEX work_items_queue_idx ON work_items (queue_name, status, priority, created_at)`,
    );
    await q.query(`
      CREATE TABLE processed_events (
        event_id uuid NOT NULL,
        consumer text NOT NULL,
        case_id uuid NOT NULL,
        interaction_id uuid,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'processed_events',
      'work_items',
      'queues',
      'outbox',
      'interactions',
      'cases',
      'customer_identities',
      'customers',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS case_number_seq`);
  }
}
