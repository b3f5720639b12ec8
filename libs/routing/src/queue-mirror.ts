import { workItemJobId } from './queue-router';

export interface MirrorRepair {
  /** Work items waiting in Postgres whose BullMQ job is missing. */
  add: string[];
  /** BullMQ job ids, per queue, of items that are no longer waiting there in Postgres. */
  remove: Array<{ queue: string; jobId: string }>;
}

/**
 * What to change so the BullMQ queues show exactly the work waiting in Postgres (which decides).
 * `mirrored` must be read BEFORE `waiting`: then a job missing from `waiting` was handed out,
 * completed or moved in between (removing it is right), and an item missing from `mirrored` at
 * worst is enqueued again, which the stable job id makes a no-op.
 */
export function planMirrorRepair(
  waiting: Array<{ id: string; queue: string }>,
  mirrored: Map<string, string[]>,
): MirrorRepair {
  const expected = new Map<string, Set<string>>();
  for (const item of waiting) {
    const jobs = expected.get(item.queue) ?? new Set<string>();
    jobs.add(workItemJobId(item.id));
    expected.set(item.queue, jobs);
  }
  const present = new Map([...mirrored].map(([queue, ids]) => [queue, new Set(ids)]));
  const add = waiting
    .filter((item) => !present.get(item.queue)?.has(workItemJobId(item.id)))
    .map((item) => item.id);
  const remove = [...mirrored].flatMap(([queue, ids]) =>
    ids.filter((jobId) => !expected.get(queue)?.has(jobId)).map((jobId) => ({ queue, jobId })),
  );
  return { add, remove };
}
