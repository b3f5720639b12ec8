import type { MigrationInterface, QueryRunner } from 'typeorm';

const PLANNER = `SET enable_sort = off
         SET enable_incremental_sort = off
         SET enable_bitmapscan = off
         SET jit = off`;

/** Waiting items per (queue, channel) pair read, without locks, before the locking fallback. */
const CANDIDATES = 16;

/** The (queue, channel) pairs of the agent's queues and the channels it has room on. */
const PAIRS = `(SELECT DISTINCT unnest(queues)) AS q(name)
    CROSS JOIN (SELECT DISTINCT unnest(channels)) AS ch(name)`;

/** One pair's waiting items that fit, in hand-out order: a walk of the new index. */
const pairItems = (limit: number, lock: boolean) => `
      SELECT w.id, w.priority, w.queued_at, w.created_at FROM work_items w
       WHERE w.status = 'queued' AND w.queue_name = q.name AND w.channel = ch.name
         AND w.required_skills <@ skills
       ORDER BY w.priority, w.queued_at, w.created_at, w.id
       LIMIT ${limit}${lock ? ' FOR UPDATE SKIP LOCKED' : ''}`;

/**
 * The function's body text: per (queue, channel) pair, its first `limit` waiting items that fit
 * (locked with `SKIP LOCKED` when `lock`), all of them in hand-out order.
 */
const perPairWalk = (limit: number, lock: boolean) => `
  SELECT c.id
    FROM ${PAIRS}
    CROSS JOIN LATERAL (${pairItems(limit, lock)}) c
   ORDER BY c.priority, c.queued_at, c.created_at, c.id`;

/**
 * Issue 17: a hand-out walks each (queue, channel) pair of the agent straight to its first
 * waiting item, so an agent with room on one channel never passes the other channel's backlog.
 *
 * `work_items_queue_handout_idx` (1767830000000) ordered a queue's waiting items without their
 * channel, and the walk checked `channel = ANY(channels)` on each item it fetched: an agent on a
 * call (phone full, room for social) read every waiting call ahead of the queue's first social
 * item, one heap fetch each. Behind 20,000 waiting calls that was 20,199 pages for one `next` (the
 * int-spec's hand-out statement on a never-analysed table; 36 now), and so for every agent on a
 * call until the calls are answered, just when a phone backlog has every agent on one.
 *
 * - `work_items_queue_channel_handout_idx (queue_name, channel, priority, queued_at, created_at,
 *   id)`, partial on waiting items, replaces `work_items_queue_handout_idx`. A queue's walk
 *   without a channel (nothing does that now) would merge its channels' orders instead; the other
 *   readers of waiting items (`WorkItemRepository.mirrorQueueNames` and `waitingItems`, for the
 *   BullMQ mirror) read the new one as they read the old when few items wait (the same plans and
 *   buffers under EXPLAIN), and the queue depths and console lists (queued and assigned items:
 *   `DashboardQueryRepository.queueDepths`, `CaseQueryRepository.listQueues`) read neither.
 * - `next_queued_work_item(queues, channels, skills)` keeps its signature, its planner settings
 *   (an index walk whatever the statistics) and 1767831000000's rule that it locks only the item
 *   it returns, now per pair of the agent's queues and channels with room: it reads the first
 *   `CANDIDATES` fitting items of each pair without locks, merged in hand-out order (priority,
 *   then longest waiting, across channels and queues), locks them one by one with `SKIP LOCKED`
 *   (each re-checks that the item still waits) and returns the first it gets. One pair's locking
 *   walk locks only its result, so an agent with one pair takes it at once. The price: an agent
 *   of one queue with room on both channels (`bench:router`'s) has two pairs and now reads 32
 *   candidates, where 1767831000000 gave it the one queue's locking walk; with 16 candidates per
 *   queue that path measured 257–262 hand-outs/s against the walk's 267/s (docs/performance.md),
 *   and this one is not measured yet.
 * - When every candidate is being handed out to others, 1767831000000 fell back to the locking
 *   walk of every queue, which locked the first free item of each queue until the statement
 *   ended (a concurrent agent skipped them, as the review of 1767830000000 found). Per pair it
 *   would lock one item per channel too, so the fallback now runs the pairs' locking walks one at
 *   a time, in the order of the pairs' heads, and returns the first item it locks: it locks
 *   nothing else. The price: its order across pairs is that of their heads, not of their free
 *   items (a pair whose head waited longest gives its first free item even when another pair's is
 *   better). It runs only with more hand-outs in flight on every pair's head than `CANDIDATES`,
 *   each of which commits within milliseconds; and the candidates' order is already as near once
 *   one pair's candidates are all taken (its next item is not among them).
 */
export class HandOutByChannel1767840000000 implements MigrationInterface {
  name = 'HandOutByChannel1767840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX work_items_queue_channel_handout_idx
         ON work_items (queue_name, channel, priority, queued_at, created_at, id) WHERE status = 'queued'`,
    );
    await q.query(`DROP INDEX work_items_queue_handout_idx`);
    // Unqualified `work_items`: resolved on the caller's search_path, like every statement of ours.
    await q.query(
      `CREATE OR REPLACE FUNCTION next_queued_work_item(queues text[], channels text[], skills text[])
         RETURNS uuid
         LANGUAGE plpgsql VOLATILE
         ${PLANNER}
       AS $$
       DECLARE
         candidate uuid;
         picked uuid;
         pair record;
       BEGIN
         -- One pair: its locking walk locks nothing but the item it returns.
         IF (SELECT count(*) FROM ${PAIRS}) <= 1 THEN
           RETURN (${perPairWalk(1, true)} LIMIT 1);
         END IF;
         FOR candidate IN ${perPairWalk(CANDIDATES, false)}
         LOOP
           SELECT w.id INTO picked FROM work_items w
            WHERE w.id = candidate AND w.status = 'queued'
            FOR UPDATE SKIP LOCKED;
           IF picked IS NOT NULL THEN
             RETURN picked;
           END IF;
         END LOOP;
         -- Every candidate is being handed out to someone else: walk on past them, one pair at a
         -- time in the order of their heads, so that only the item returned is locked.
         FOR pair IN
           SELECT q.name AS queue_name, ch.name AS channel
             FROM ${PAIRS}
             CROSS JOIN LATERAL (${pairItems(1, false)}) h
            ORDER BY h.priority, h.queued_at, h.created_at, h.id
         LOOP
           SELECT w.id INTO picked FROM work_items w
            WHERE w.status = 'queued' AND w.queue_name = pair.queue_name AND w.channel = pair.channel
              AND w.required_skills <@ skills
            ORDER BY w.priority, w.queued_at, w.created_at, w.id
            LIMIT 1 FOR UPDATE SKIP LOCKED;
           IF picked IS NOT NULL THEN
             RETURN picked;
           END IF;
         END LOOP;
         RETURN NULL;
       END
       $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // 1767831000000's function and index, as they were.
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
    await q.query(
      `CREATE INDEX work_items_queue_handout_idx
         ON work_items (queue_name, priority, queued_at, created_at, id) WHERE status = 'queued'`,
    );
    await q.query(`DROP INDEX work_items_queue_channel_handout_idx`);
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
}
