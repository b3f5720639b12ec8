import { Queue, Worker } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { SlaChainTimer } from '@scb/routing';

export const SLA_TIMER_QUEUE = 'sla-timers';

export interface SlaTimerJobData {
  workItemId: string;
  kind: 'firstResponse' | 'resolution';
  stage: 'atRisk' | 'breached';
  /** ISO time the stage is due; the job is delayed until then. */
  dueAt: string;
  /**
   * The item's later timers, in due order (`slaTimerChain`): the one job of an item carries
   * them, and whoever fires or cancels it arms the next. Absent on jobs armed one per stage
   * (before the chain, or by hand): those arm nothing.
   */
  next?: SlaChainTimer[];
}

const jobId = (t: Pick<SlaTimerJobData, 'workItemId' | 'kind' | 'stage'>) =>
  `sla-${t.workItemId}-${t.kind}-${t.stage}`;

const STAGES = [
  ['firstResponse', 'atRisk'],
  ['firstResponse', 'breached'],
  ['resolution', 'atRisk'],
  ['resolution', 'breached'],
] as const;

/**
 * SLA timers as BullMQ delayed jobs, one pending per item (the chain's next stage). Job ids come
 * from (item, kind, stage), so scheduling twice keeps one timer; a met target removes its
 * timers, and the handler re-checks the item anyway.
 */
export class SlaTimerQueue {
  private readonly connection: Redis;
  private readonly queue: Queue<SlaTimerJobData>;
  private worker: { worker: Worker<SlaTimerJobData>; connection: Redis } | null = null;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
  ) {
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<SlaTimerJobData>(SLA_TIMER_QUEUE, {
      connection: this.connection,
      prefix,
    });
  }

  /** Adds `timers` as delayed jobs, due `dueAt` minus `now` (epoch milliseconds) from now. */
  async schedule(timers: SlaTimerJobData[], now: number): Promise<void> {
    if (timers.length === 0) return;
    await this.queue.addBulk(
      timers.map((t) => ({
        name: `${t.kind}.${t.stage}`,
        data: t,
        opts: {
          jobId: jobId(t),
          delay: Math.max(0, Date.parse(t.dueAt) - now),
          attempts: 10,
          // Jittered (BullMQ's own): timers of many items failing together do not retry in lockstep.
          backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }

  async cancel(workItemId: string, kinds: Array<SlaTimerJobData['kind']>): Promise<void> {
    // Sent together: ioredis writes them back to back on the connection (one round trip).
    await Promise.all(
      STAGES.filter(([kind]) => kinds.includes(kind)).map(([kind, stage]) =>
        this.queue.remove(jobId({ workItemId, kind, stage })),
      ),
    );
  }

  /**
   * The data of the still-delayed timers of `kinds` of one item (to re-arm what they carry). A
   * timer already due (waiting or being run) is its handler's: it sees the met target and arms
   * the next stage itself.
   */
  async delayed(
    workItemId: string,
    kinds: Array<SlaTimerJobData['kind']>,
  ): Promise<SlaTimerJobData[]> {
    const found = await Promise.all(
      STAGES.filter(([kind]) => kinds.includes(kind)).map(async ([kind, stage]) => {
        const job = await this.queue.getJob(jobId({ workItemId, kind, stage }));
        return job && (await job.getState()) === 'delayed' ? job.data : null;
      }),
    );
    return found.filter((t): t is SlaTimerJobData => t !== null);
  }

  async pending(workItemId: string): Promise<string[]> {
    const found: string[] = [];
    for (const [kind, stage] of STAGES) {
      const job = await this.queue.getJob(jobId({ workItemId, kind, stage }));
      if (job && (await job.isDelayed())) found.push(`${kind}.${stage}`);
    }
    return found;
  }

  /** Runs `handle` for each due timer; a failure is retried with backoff by BullMQ. */
  startWorker(handle: (timer: SlaTimerJobData) => Promise<unknown>, concurrency = 8): void {
    if (this.worker) return;
    // A worker blocks on its connection, so it gets its own.
    const connection = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
    const worker = new Worker<SlaTimerJobData>(SLA_TIMER_QUEUE, (job) => handle(job.data), {
      connection,
      prefix: this.prefix,
      concurrency,
    });
    this.worker = { worker, connection };
  }

  async close(): Promise<void> {
    if (this.worker) {
      await this.worker.worker.close();
      await this.worker.connection.quit().catch(() => undefined);
    }
    this.worker = null;
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}
