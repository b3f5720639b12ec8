import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervisor notifications of SLA breaches, written in the same transaction as the breach (an
 * outbox): a webhook target stays `pending` until delivered, so a crash or a failing receiver
 * means a retry, never a silent loss; an in-app group is `in-app` at once (the dashboards read it).
 */
export class SlaNotifications1764400000000 implements MigrationInterface {
  name = 'SlaNotifications1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sla_notifications (
        id bigserial PRIMARY KEY,
        sla_event_id bigint NOT NULL REFERENCES sla_events(id),
        target text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('webhook', 'in-app')),
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'in-app')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT sla_notifications_target_uq UNIQUE (sla_event_id, target)
      )`);
    await q.query(
      `CREATE INDEX sla_notifications_pending_idx ON sla_notifications (sla_event_id) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sla_notifications`);
  }
}
