import { Queue, type JobsOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { workItemJobId } from '@scb/routing';

export interface QueueableWorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: string;
  priority: number;
  /**
   * Since when the item waits (a call's arrival; a social item's first projection), the job's
   * timestamp; absent: now. `next` orders by (priority, queued_at) in Postgres; the job shows it.
   */
  queuedAt?: Date | null;
  /** W3C traceparent of the work that queued the item, carried in the job's data. */
  traceparent?: string;
}

export interface WorkItemJobData {
  workItemId: string;
  caseId: string;
  caseNumber: string;
  channel: string;
  /** The trace of the mention (or phone call) the item came from, when traced. */
  traceparent?: string;
}

export type QueueCounts = Record<
  'waiting' | 'prioritized' | 'active' | 'delayed' | 'completed' | 'failed',
  number
>;

/**
 * The contact-center queues on BullMQ. Phone and social work share these queues; job ids come
 * from work-item ids, so adding an item twice is a no-op, and finished jobs are kept for a day so
 * a late redelivery still finds its id taken.
 */
export class WorkQueueGateway {
  private readonly queues = new Map<string, Queue<WorkItemJobData>>();
  private readonly connection: Redis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    // BullMQ requires maxRetriesPerRequest: null so blocking commands survive reconnects.
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  }

  queue(name: string): Queue<WorkItemJobData> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<WorkItemJobData>(name, {
        connection: this.connection,
        prefix: this.prefix,
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue(items: QueueableWorkItem[]): Promise<void> {
    const byQueue = new Map<string, QueueableWorkItem[]>();
    for (const item of items) byQueue.set(item.queue, [...(byQueue.get(item.queue) ?? []), item]);
    for (const [name, list] of byQueue) {
      await this.queue(name).addBulk(
        list.map((item) => ({
          name: 'work-item',
          data: {
            workItemId: item.id,
            caseId: item.caseId,
            caseNumber: item.caseNumber,
            channel: item.channel,
            ...(item.traceparent ? { traceparent: item.traceparent } : {}),
          },
          opts: {
            jobId: workItemJobId(item.id),
            priority: item.priority,
            // Phone and social alike: the job is as old as the item's wait (BullMQ keeps insertion
            // order within a priority; Postgres decides who is served first).
            ...(item.queuedAt ? { timestamp: item.queuedAt.getTime() } : {}),
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          } satisfies JobsOptions,
        })),
      );
    }
  }

  /** Moves waiting jobs to their item's new priority (FIFO order within it is kept by BullMQ). */
  async reprioritize(items: Array<Pick<QueueableWorkItem, 'id' | 'queue' | 'priority'>>) {
    for (const item of items) {
      const job = await this.queue(item.queue).getJob(workItemJobId(item.id));
      if (job && job.priority !== item.priority)
        await job.changePriority({ priority: item.priority });
    }
  }

  /**
   * Takes handed-out items off their BullMQ queue so the queue shows what is still waiting.
   * Removing a job that is already gone is a no-op, so a retried hand-out is harmless.
   */
  async remove(items: Array<Pick<QueueableWorkItem, 'id' | 'queue'>>): Promise<void> {
    // Sent together: ioredis writes them back to back on the connection (one round trip).
    await Promise.all(items.map((item) => this.queue(item.queue).remove(workItemJobId(item.id))));
  }

  /** Ids of the jobs waiting in each queue (what agents would see), read page by page. */
  async waitingJobIds(names: string[], pageSize = 5_000): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (const name of names) {
      const ids: string[] = [];
      for (let start = 0; ; start += pageSize) {
        const page = await this.queue(name).getRanges(
          ['waiting', 'prioritized'],
          start,
          start + pageSize - 1,
          true,
        );
        ids.push(...page);
        if (page.length < pageSize) break;
      }
      result.set(name, ids);
    }
    return result;
  }

  async removeJobs(jobs: Array<{ queue: string; jobId: string }>): Promise<void> {
    await Promise.all(jobs.map((job) => this.queue(job.queue).remove(job.jobId)));
  }

  async counts(name: string): Promise<QueueCounts> {
    const counts = await this.queue(name).getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'delayed',
      'completed',
      'failed',
    );
    return {
      waiting: counts.waiting ?? 0,
      prioritized: counts.prioritized ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    await this.connection.quit().catch(() => undefined);
  }
}
