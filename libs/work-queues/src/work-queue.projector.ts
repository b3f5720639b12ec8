import { Logger } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import type { WorkQueueChange, WorkQueueChangeRepository } from '@scb/persistence';
import { planWorkQueueProjection } from '@scb/routing';
import type { WorkQueueGateway } from './work-queue.gateway';

/** The writer's side of the projection: what a use case calls inside its unit of work. */
export interface WorkQueueChangeRecorder {
  /**
   * Records work-item changes BullMQ must follow, in the CURRENT unit of work (so they commit
   * with the state change or not at all), and projects them right after the commit: awaited by
   * the unit of work, or, with `background: true`, started without holding up the caller (a
   * hand-out's latency, the router's next batch; BullMQ is a copy: Postgres decides what waits
   * and who gets it). A background caller only waits when the projection is more than one
   * projection batch behind (back-pressure, see `projectInBackground`).
   * @throws Error when called outside a unit of work.
   */
  record(changes: WorkQueueChange[], options?: { background?: boolean }): Promise<void>;
}

type ChangeStore = Pick<
  WorkQueueChangeRepository,
  'record' | 'claim' | 'lockItems' | 'states' | 'markQueued'
>;
type JobWriter = Pick<WorkQueueGateway, 'enqueue' | 'remove' | 'reprioritize'>;

/**
 * The ONE writer of work-item jobs to BullMQ. Postgres decides what waits where; every change
 * that BullMQ must follow is a `work_queue_changes` row written with the change. This projector
 * applies rows to BullMQ from the items' current state (see `planWorkQueueProjection`), under a
 * per-item lock held until the claimed rows' deletion commits, so projections of one item run one after the
 * other and the last one applies the newest state: ordered per item, idempotent, and a crash or
 * Redis outage only delays a projection (the rows stay until `drain` applies them).
 */
export class WorkQueueProjector implements WorkQueueChangeRecorder {
  private readonly logger = new Logger(WorkQueueProjector.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeStore,
    private readonly jobs: JobWriter,
    /** Rows per projection transaction. */
    private readonly batchSize = 1_000,
  ) {}

  /** Row ids waiting for the background projection, and the projection running them. */
  private readonly soon: string[] = [];
  private running: Promise<void> | null = null;

  async record(changes: WorkQueueChange[], options: { background?: boolean } = {}): Promise<void> {
    if (changes.length === 0) return;
    const ids = await this.changes.record(changes);
    // Fast path: the writer's own rows, once they are durable. Best effort: a failure leaves
    // them to `drain`, and must not fail a use case whose change already committed.
    this.uow.afterCommit(async () => {
      if (options.background) {
        this.projectInBackground(ids);
        return this.caughtUp();
      }
      await this.project(ids).catch((error: unknown) => this.deferred(error));
    });
  }

  /**
   * Projects committed rows `ids` without holding up the caller (a hand-out's latency, the
   * router's next Kafka batch). Rows that arrive while a background projection runs are applied
   * together by the next one: under load one unit of work and one BullMQ pass serve many
   * hand-outs or routed batches instead of one each. Best effort: a failure leaves the rows to
   * `drain`.
   */
  projectInBackground(ids: string[]): void {
    this.soon.push(...ids);
    if (this.running || this.soon.length === 0) return;
    this.running = (async () => {
      while (this.soon.length > 0) {
        const batch = this.soon.splice(0, this.batchSize);
        await this.project(batch).catch((error: unknown) => this.deferred(error));
      }
    })().finally(() => {
      this.running = null;
    });
  }

  /**
   * Back-pressure for background writers: resolves at once while at most one projection batch
   * (`batchSize` rows) waits, else once the background projection has caught up, so a writer
   * that outpaces Redis is slowed down instead of piling up ids in memory.
   */
  async caughtUp(): Promise<void> {
    if (this.soon.length > this.batchSize) await this.settled();
  }

  /** Resolves once the projections started in the background have finished (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private deferred(error: unknown): void {
    this.logger.warn({ message: 'BullMQ projection deferred', error: String(error) });
  }

  /**
   * Applies pending changes in one unit of work: the rows `ids` (those another projector holds
   * are skipped: it applies them), or else the oldest batch. Resolves to the rows applied.
   */
  async project(ids?: string[]): Promise<number> {
    if (ids && ids.length === 0) return 0;
    return this.uow.run(async () => {
      const claimed = await this.changes.claim({ ids, limit: ids?.length ?? this.batchSize });
      if (claimed.length === 0) return 0;
      const itemIds = [...new Set(claimed.map((c) => c.workItemId))];
      await this.changes.lockItems(itemIds);
      const plan = planWorkQueueProjection(claimed, await this.changes.states(itemIds));
      await this.jobs.remove(plan.remove);
      await this.jobs.enqueue(plan.add);
      // Stamped once: the router writes its new items waiting already (no second update).
      await this.changes.markQueued(
        plan.add.filter((item) => item.queuedAt === null).map((item) => item.id),
      );
      await this.jobs.reprioritize(plan.reprioritize);
      return claimed.length;
    });
  }

  /** Applies everything pending, batch by batch (the safety net after crashes and outages). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const applied = await this.project();
      total += applied;
      if (applied < this.batchSize) return total;
    }
  }
}
