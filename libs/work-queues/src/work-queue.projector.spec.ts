import type { PendingWorkQueueChange, WorkItemQueueState, WorkQueueChange } from '@scb/persistence';
import { InMemoryUnitOfWork } from '@scb/testing';
import { WorkQueueProjector } from './work-queue.projector';

/** `work_queue_changes` and the items' current state, in memory. */
class FakeChangeStore {
  rows: PendingWorkQueueChange[] = [];
  items = new Map<string, WorkItemQueueState>();
  queued: string[] = [];
  private nextId = 1;

  async record(changes: WorkQueueChange[]): Promise<string[]> {
    return changes.map((c) => {
      const id = String(this.nextId++);
      this.rows.push({ id, traceparent: null, ...c });
      return id;
    });
  }

  async claim(options: { ids?: string[]; limit: number }) {
    const claimed = this.rows
      .filter((r) => !options.ids || options.ids.includes(r.id))
      .slice(0, options.limit);
    this.rows = this.rows.filter((r) => !claimed.includes(r));
    return claimed;
  }

  async lockItems(): Promise<void> {}

  async states(ids: string[]) {
    return ids.flatMap((id) => (this.items.has(id) ? [this.items.get(id)!] : []));
  }

  async markQueued(ids: string[]) {
    this.queued.push(...ids);
  }
}

/** BullMQ as the set of jobs per queue, with a switch to make Redis fail. */
class FakeJobs {
  jobs = new Map<string, { queue: string; priority: number }>();
  down = false;

  async enqueue(items: Array<{ id: string; queue: string; priority: number }>) {
    this.check();
    // Adding an existing job id is a no-op in BullMQ.
    for (const i of items)
      if (!this.jobs.has(i.id)) this.jobs.set(i.id, { queue: i.queue, priority: i.priority });
  }

  async remove(items: Array<{ id: string; queue: string }>) {
    this.check();
    for (const i of items) if (this.jobs.get(i.id)?.queue === i.queue) this.jobs.delete(i.id);
  }

  async reprioritize(items: Array<{ id: string; queue: string; priority: number }>) {
    this.check();
    for (const i of items) {
      const job = this.jobs.get(i.id);
      if (job) job.priority = i.priority;
    }
  }

  private check() {
    if (this.down) throw new Error('Redis is away');
  }
}

const state = (id: string, over: Partial<WorkItemQueueState> = {}): WorkItemQueueState => ({
  id,
  caseId: `case-${id}`,
  caseNumber: 'C-1',
  queue: 'default',
  channel: 'social',
  priority: 3,
  status: 'queued',
  queuedAt: null,
  ...over,
});

describe('WorkQueueProjector', () => {
  let uow: InMemoryUnitOfWork;
  let store: FakeChangeStore;
  let jobs: FakeJobs;
  let projector: WorkQueueProjector;
  beforeEach(() => {
    uow = new InMemoryUnitOfWork();
    store = new FakeChangeStore();
    jobs = new FakeJobs();
    projector = new WorkQueueProjector(uow, store, jobs, 2);
  });

  it('projects what a unit of work recorded right after it commits, and never before', async () => {
    store.items.set('a', state('a'));
    await uow.run(async () => {
      await projector.record([{ workItemId: 'a', fromQueue: null }]);
      expect(jobs.jobs.size).toBe(0);
    });
    expect(jobs.jobs.get('a')).toEqual({ queue: 'default', priority: 3 });
    expect(store.queued).toEqual(['a']);
    expect(store.rows).toEqual([]);

    await expect(projector.record([{ workItemId: 'a', fromQueue: null }])).rejects.toThrow(
      /outside a unit of work/,
    );
  });

  it('adds the job of an item written waiting without stamping its queued_at again', async () => {
    store.items.set('a', state('a', { queuedAt: new Date('2026-01-01T00:00:00.000Z') }));
    await uow.run(() => projector.record([{ workItemId: 'a', fromQueue: null }]));
    expect(jobs.jobs.get('a')).toEqual({ queue: 'default', priority: 3 });
    expect(store.queued).toEqual([]);
  });

  it('in the background, lets the unit of work return before BullMQ follows; settled() waits for it', async () => {
    store.items.set('a', state('a'));
    await uow.run(() => projector.record([{ workItemId: 'a', fromQueue: null }]));
    store.items.set('a', state('a', { status: 'assigned' }));
    let release!: () => void;
    const removing = new Promise<void>((resolve) => (release = resolve));
    const remove = jobs.remove.bind(jobs);
    jobs.remove = async (items) => {
      await removing;
      return remove(items);
    };
    await uow.run(() =>
      projector.record([{ workItemId: 'a', fromQueue: 'default' }], { background: true }),
    );
    // The hand-out has returned; BullMQ still holds the stale job until the projection ends.
    expect(jobs.jobs.has('a')).toBe(true);
    release();
    await projector.settled();
    expect(jobs.jobs.has('a')).toBe(false);
    expect(store.rows).toEqual([]);
  });

  it('slows a background writer down only when more than one batch waits for the projection', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) store.items.set(id, state(id));
    let release!: () => void;
    const adding = new Promise<void>((resolve) => (release = resolve));
    const enqueue = jobs.enqueue.bind(jobs);
    jobs.enqueue = async (items) => {
      await adding;
      return enqueue(items);
    };
    const route = (ids: string[]) =>
      uow.run(() =>
        projector.record(
          ids.map((id) => ({ workItemId: id, fromQueue: null })),
          { background: true },
        ),
      );
    // Two rows: the projection of them starts and hangs in Redis; the writer goes on.
    await route(['a', 'b']);
    // Two more wait behind it: one batch (batchSize 2), still no waiting for the writer.
    await route(['c', 'd']);
    // Two more: four rows wait, more than one batch: this writer waits for the projection.
    let returned = false;
    const third = route(['e', 'f']).then(() => (returned = true));
    await new Promise((r) => setImmediate(r));
    expect(returned).toBe(false);
    expect(jobs.jobs.size).toBe(0);
    release();
    await third;
    expect([...jobs.jobs.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(store.rows).toEqual([]);
  });

  it('projects hand-outs that arrive while a background projection runs together, in batches', async () => {
    const claims: string[][] = [];
    const claim = store.claim.bind(store);
    store.claim = async (options) => {
      claims.push(options.ids ?? []);
      return claim(options);
    };
    for (const id of ['a', 'b', 'c', 'd']) store.items.set(id, state(id));
    await uow.run(() =>
      projector.record(['a', 'b', 'c', 'd'].map((id) => ({ workItemId: id, fromQueue: null }))),
    );
    claims.length = 0;
    for (const id of ['a', 'b', 'c', 'd']) store.items.set(id, state(id, { status: 'assigned' }));
    let release!: () => void;
    const removing = new Promise<void>((resolve) => (release = resolve));
    const remove = jobs.remove.bind(jobs);
    jobs.remove = async (items) => {
      await removing;
      return remove(items);
    };
    // Four hand-outs' rows (as `claimNext` writes them), the first while nothing runs.
    const [first, ...rest] = await store.record(
      ['a', 'b', 'c', 'd'].map((id) => ({ workItemId: id, fromQueue: 'default' })),
    );
    projector.projectInBackground([first]);
    for (const id of rest) projector.projectInBackground([id]);
    release();
    await projector.settled();
    // The first alone, the three that waited in one projection (at most `batchSize` = 2 each).
    expect(claims).toEqual([[first], rest.slice(0, 2), rest.slice(2)]);
    expect(jobs.jobs.size).toBe(0);
    expect(store.rows).toEqual([]);
  });

  it('follows the current state: hand-out removes, escalation moves, a raise re-prioritizes', async () => {
    store.items.set('a', state('a'));
    store.items.set('b', state('b'));
    await uow.run(() =>
      projector.record([
        { workItemId: 'a', fromQueue: null },
        { workItemId: 'b', fromQueue: null },
      ]),
    );
    store.items.set('a', state('a', { status: 'assigned' }));
    store.items.set('b', state('b', { queue: 'escalations', priority: 2 }));
    await uow.run(() =>
      projector.record([
        { workItemId: 'a', fromQueue: 'default' },
        { workItemId: 'b', fromQueue: 'default' },
      ]),
    );
    expect([...jobs.jobs]).toEqual([['b', { queue: 'escalations', priority: 2 }]]);
    store.items.set('b', state('b', { queue: 'escalations', priority: 1 }));
    await uow.run(() => projector.record([{ workItemId: 'b', fromQueue: 'escalations' }]));
    expect(jobs.jobs.get('b')).toEqual({ queue: 'escalations', priority: 1 });
  });

  it('keeps the change when Redis is away without failing the writer, and drain applies it later', async () => {
    store.items.set('a', state('a'));
    store.items.set('b', state('b'));
    store.items.set('c', state('c'));
    jobs.down = true;
    // The fake store does not roll back; put the claimed rows back as a rollback would.
    const claim = store.claim.bind(store);
    store.claim = async (options) => {
      const claimed = await claim(options);
      if (jobs.down) store.rows.push(...claimed);
      return claimed;
    };
    await uow.run(() =>
      projector.record(['a', 'b', 'c'].map((id) => ({ workItemId: id, fromQueue: null }))),
    );
    expect(jobs.jobs.size).toBe(0);
    expect(store.rows).toHaveLength(3);

    jobs.down = false;
    // Batches of two: drain loops until a short batch.
    await expect(projector.drain()).resolves.toBe(3);
    expect([...jobs.jobs.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(store.rows).toEqual([]);
    await expect(projector.drain()).resolves.toBe(0);
  });
});
