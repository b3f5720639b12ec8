import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of the BullMQ projection: a row per work-item change that BullMQ must follow,
 * written in the transaction of the change, deleted once the projector applied it. `from_queue`
 * names the queue whose job the change may make stale (removed or re-prioritized there);
 * `traceparent` carries the trace of the work that queued the item into the job's data.
 */
export class WorkQueueChanges1766100000000 implements MigrationInterface {
  name = 'WorkQueueChanges1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE work_queue_changes (
        id bigserial PRIMARY KEY,
        work_item_id uuid NOT NULL,
        from_queue text,
        traceparent text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE work_queue_changes`);
  }
}
