import type { MigrationInterface, QueryRunner } from 'typeorm';

const PLANNER = `SET enable_sort = off
         SET enable_incremental_sort = off
         SET enable_bitmapscan = off
         SET jit = off`;

/**
 * The function's body text: per queue of the agent, its first `limit` waiting items that fit,
 * in hand-out order (locked with `SKIP LOCKED` when `lock`), all of them in hand-out order.
 */
const perQueueWalk = (limit: number, lock: boolean) => `
  SELECT c.id
    FROM (SELECT DISTINCT unnest(queues)) AS q(name)
    CROSS JOIN LATERAL (
      SELECT w.id, w.priority, w.queued_at, w.created_at FROM work_items w
       WHERE w.status = 'queued' AND w.queue_name = q.name
         AND w.channel = ANY(channels) AND w.required_skills <@ skills
       ORDER BY w.priority, w.queued_at, w.created_at, w.id
       LIMIT ${limit}${lock ? ' FOR UPDATE SKIP LOCKED' : ''}) c
   ORDER BY c.priority, c.queued_at, c.created_at, c.id`;

/**
 * Issue 17, after review of 1767830000000: the pick locks only the item it hands out.
 *
 * That version locked the best fitting item of EACH of a multi-queue agent's queues (`SKIP
 * LOCKED` inside the per-queue walk) and handed out one; until the statement ended, a concurrent
 * agent of only one of those queues skipped the others and could be answered with a worse item or
 * none. Now `next_queued_work_item` first reads, without locks, the first `CANDIDATES` fitting
 * items of each queue (the same index walks, sorts still off so statistics cannot change the
 * plan), then locks them one by one in hand-out order with `SKIP LOCKED` (each re-checks that the
 * item still waits) and returns the first it gets. Only when all of them are being handed out to
 * others (more concurrent hand-outs than candidates on the same queue heads) does it fall back to
 * the locking walk of 1767830000000, which goes on past them. An agent of one queue takes that
 * walk at once: it locks nothing but the item it returns, and it costs less under contention
 * (`bench:router`, 50 agents of one queue back to back: 257–262 hand-outs/s when they too went
 * through the candidates, 267/s now, 277–282/s with 1767830000000's SQL function).
 */
export class HandOutLockWinner1767831000000 implements MigrationInterface {
  name = 'HandOutLockWinner1767831000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION next_queued_work_item(queues text[], channels text[], skills text[])
         RETURNS uuid
         LANGUAGE plpgsql VOLATILE
         ${PLANNER}
       AS $$
       DECLARE
         candidate uuid;
         picked uuid;
       BEGIN
         -- One queue: its locking walk locks nothing but the item it returns.
         IF cardinality(queues) > 1 THEN
           FOR candidate IN ${perQueueWalk(16, false)}
           LOOP
             SELECT w.id INTO picked FROM work_items w
              WHERE w.id = candidate AND w.status = 'queued'
              FOR UPDATE SKIP LOCKED;
             IF picked IS NOT NULL THEN
               RETURN picked;
             END IF;
           END LOOP;
         END IF;
         -- One queue, or every candidate is being handed out to someone else: walk on past them.
         RETURN (${perQueueWalk(1, true)} LIMIT 1);
       END
       $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION next_queued_work_item(queues text[], channels text[], skills text[])
         RETURNS uuid
         LANGUAGE sql VOLATILE
         ${PLANNER}
       AS $$ ${perQueueWalk(1, true)} LIMIT 1 $$`,
    );
  }
}
