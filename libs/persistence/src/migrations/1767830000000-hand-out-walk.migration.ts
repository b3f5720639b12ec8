import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: a hand-out walks each of the agent's queues in hand-out order and stops at the first
 * waiting item that fits, whatever the planner's statistics say.
 *
 * The pick used to be planned with the rest of the hand-out statement, and the planner chose the
 * walk only when its statistics said that many waiting items match. On a table it had not
 * analysed yet (a new deployment, or a burst far past the last analysed size, until autovacuum's
 * next pass) it estimated one matching row and read every waiting item of the agent's queues to
 * sort them: 22 ms a hand-out for 13,000 waiting items instead of well under one, and
 * `bench:router` without its `ANALYZE` handed out 86 items/s instead of 275/s (docs/performance.md,
 * session 6).
 *
 * - `next_queued_work_item(queues, channels, skills)` is the pick alone, planned with sorts off
 *   (the function's own `SET`s; PostgreSQL, CREATE FUNCTION, `configuration_parameter`), so the
 *   only plan that yields hand-out order is an index walk: per queue, the best waiting item that
 *   fits (`FOR UPDATE SKIP LOCKED`), then the best of those (one row per queue to sort; `jit`
 *   off, as a disabled sort's nominal cost would otherwise have the query JIT-compiled, 66 ms). A
 *   multi-queue agent's statement locks one candidate per queue until it ends (about a
 *   millisecond) and hands out one: meanwhile a concurrent hand-out skips the others as it skips
 *   any item being handed out, and may answer with the next item or none (replaced by
 *   1767831000000, which locks only the item it returns). Being VOLATILE, it reads
 *   with a snapshot of its own, taken after the calling statement's (see
 *   `WorkAssignmentRepository.claimNext`).
 * - `work_items_queue_handout_idx (queue_name, priority, queued_at, created_at, id)`, partial on
 *   waiting items, replaces `work_items_handout_idx` (the same without `queue_name`, read by
 *   nothing else): one queue's walk never passes another queue's backlog, so an agent of a small
 *   queue is served as fast while a large one waits.
 */
export class HandOutWalk1767830000000 implements MigrationInterface {
  name = 'HandOutWalk1767830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX work_items_queue_handout_idx
         ON work_items (queue_name, priority, queued_at, created_at, id) WHERE status = 'queued'`,
    );
    await q.query(`DROP INDEX work_items_handout_idx`);
    // Unqualified `work_items`: resolved on the caller's search_path, like every statement of ours.
    await q.query(
      `CREATE FUNCTION next_queued_work_item(queues text[], channels text[], skills text[])
         RETURNS uuid
         LANGUAGE sql VOLATILE
         SET enable_sort = off
         SET enable_incremental_sort = off
         SET enable_bitmapscan = off
         SET jit = off
       AS $$
         SELECT c.id
           FROM (SELECT DISTINCT unnest(queues)) AS q(name)
           CROSS JOIN LATERAL (
             SELECT w.id, w.priority, w.queued_at, w.created_at FROM work_items w
              WHERE w.status = 'queued' AND w.queue_name = q.name
                AND w.channel = ANY(channels) AND w.required_skills <@ skills
              ORDER BY w.priority, w.queued_at, w.created_at, w.id
              LIMIT 1
              FOR UPDATE SKIP LOCKED) c
          ORDER BY c.priority, c.queued_at, c.created_at, c.id
          LIMIT 1
       $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION next_queued_work_item(text[], text[], text[])`);
    await q.query(
      `CREATE INDEX work_items_handout_idx ON work_items (priority, queued_at, created_at, id) WHERE status = 'queued'`,
    );
    await q.query(`DROP INDEX work_items_queue_handout_idx`);
  }
}
