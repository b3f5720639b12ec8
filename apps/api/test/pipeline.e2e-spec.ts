import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics } from '@scb/contracts';
import { countRows, mentionsFromAuthors, readAll, testRedisUrl, waitFor } from '@scb/testing';
import { WorkQueueGateway } from '@scb/work-queues';
import { MentionReplaySource } from '../../ingestion/src/mention-replay.source';
import { PipelineHarness } from './pipeline.harness';

interface CaseList {
  total: number;
  items: Array<{
    caseNumber: string;
    interactions: number;
    workItem: { queue: string; status: string } | null;
    customer: { handles: string[] };
  }>;
}
interface QueueList {
  queues: Array<{
    name: string;
    counts: { queued: number };
    bullmq: { waiting: number; prioritized: number };
  }>;
}

const AUTHORS = 48;
const PER_AUTHOR = 5;
const MENTIONS = AUTHORS * PER_AUTHOR;

describe('pipeline: replay → Kafka → matcher → Postgres → router → BullMQ → API', () => {
  const pipeline = new PipelineHarness();
  let dir: string;
  let file: string;

  beforeAll(async () => {
    await pipeline.start();
    dir = await mkdtemp(join(tmpdir(), 'scb-e2e-'));
    file = join(dir, 'mentions.jsonl');
    const lines = mentionsFromAuthors(AUTHORS, PER_AUTHOR).map((m) => JSON.stringify(m));
    // One line that breaks the contract: it must reach the dead-letter topic, not stop the replay.
    lines.splice(17, 0, JSON.stringify({ platform: 'x', text: 'no ids' }));
    await writeFile(file, `${lines.join('\n')}\n`);
  });

  afterAll(async () => {
    await pipeline.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const replay = () => pipeline.apps!.ingestion.get(MentionReplaySource).replayFile(file);

  it('turns every mention into one interaction, every author into one open case, every case into one queued work item', async () => {
    expect(await replay()).toEqual({
      read: MENTIONS + 1,
      published: MENTIONS,
      rejected: 1,
      outbound: 0,
    });

    await waitFor(
      async () =>
        (await countRows(
          pipeline.dataSource,
          `SELECT 1 FROM work_items WHERE queued_at IS NOT NULL`,
        )) === AUTHORS,
      {
        timeoutMs: 90_000,
        what: `${AUTHORS} queued work items`,
      },
    );
    await pipeline.settled();

    const cases = await pipeline.apiGet<CaseList>('/v1/cases?status=open&limit=200');
    expect(cases.status).toBe(200);
    expect(cases.body.total).toBe(AUTHORS);
    expect(cases.body.items.every((c) => c.interactions === PER_AUTHOR)).toBe(true);
    expect(
      cases.body.items.every(
        (c) => c.workItem?.queue === 'default' && c.workItem.status === 'queued',
      ),
    ).toBe(true);
    expect(new Set(cases.body.items.map((c) => c.customer.handles.join())).size).toBe(AUTHORS);

    expect(await countRows(pipeline.dataSource, 'SELECT 1 FROM interactions')).toBe(MENTIONS);
    expect(
      await countRows(
        pipeline.dataSource,
        'SELECT DISTINCT platform, external_id FROM interactions',
      ),
    ).toBe(MENTIONS);

    const queues = await pipeline.apiGet<QueueList>('/v1/queues');
    const shared = queues.body.queues.find((q) => q.name === 'default');
    expect(shared?.counts.queued).toBe(AUTHORS);
    expect((shared?.bullmq.waiting ?? 0) + (shared?.bullmq.prioritized ?? 0)).toBe(AUTHORS);

    const deadLetters = await readAll(pipeline.kafka, pipeline.topic(Topics.mentionsDeadLetter), 1);
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0].value)).toMatchObject({
      reason: expect.stringMatching(/line 18: .*externalId/),
    });
  });

  it('changes nothing when the same file is replayed again', async () => {
    const snapshot = async () => ({
      interactions: await countRows(pipeline.dataSource, 'SELECT 1 FROM interactions'),
      cases: await countRows(pipeline.dataSource, 'SELECT 1 FROM cases'),
      customers: await countRows(pipeline.dataSource, 'SELECT 1 FROM customers'),
      workItems: await countRows(pipeline.dataSource, 'SELECT 1 FROM work_items'),
      events: await countRows(pipeline.dataSource, 'SELECT 1 FROM outbox'),
      queued: (await pipeline.apiGet<QueueList>('/v1/queues')).body.queues[0].bullmq,
    });
    const before = await snapshot();

    await replay();
    await pipeline.settled();

    expect(await snapshot()).toEqual(before);
  });

  it('answers health checks and rejects a bad query with the field at fault', async () => {
    const health = await pipeline.apiGet<{
      status: string;
      checks: Record<string, { status: string }>;
    }>('/health');
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } },
    });
    for (const name of ['matcher', 'router', 'ingestion'] as const) {
      const url = `${(await pipeline.apps![name].getUrl()).replace('[::1]', '127.0.0.1')}/health`;
      const response = await fetch(url);
      const body = JSON.stringify(await response.json());
      expect({ name, status: response.status, body }).toEqual({ name, status: 200, body });
    }
    const bad = await pipeline.apiGet<{ errors: Array<{ path: string }> }>('/v1/cases?limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toEqual(['limit']);
  });

  it('keeps every case queued exactly once when the router restarts mid-stream', async () => {
    const before = await countRows(pipeline.dataSource, 'SELECT 1 FROM work_items');
    const restartFile = join(dir, 'restart.jsonl');
    const authors = 30;
    await writeFile(
      restartFile,
      `${mentionsFromAuthors(authors, 4)
        .map((m) => JSON.stringify(m))
        .join('\n')}\n`,
    );
    const replaying = pipeline.apps!.ingestion.get(MentionReplaySource).replayFile(restartFile);
    await waitFor(
      async () => (await countRows(pipeline.dataSource, 'SELECT 1 FROM work_items')) > before,
      { what: 'the router to start on the new cases' },
    );
    await pipeline.restartRouter();
    await replaying;
    await pipeline.settled();

    expect(await countRows(pipeline.dataSource, 'SELECT 1 FROM work_items')).toBe(before + authors);
    expect(
      await countRows(
        pipeline.dataSource,
        'SELECT case_id FROM work_items GROUP BY case_id HAVING count(*) > 1',
      ),
    ).toBe(0);
    expect(
      await countRows(pipeline.dataSource, 'SELECT 1 FROM work_items WHERE queued_at IS NULL'),
    ).toBe(0);
    const shared = (await pipeline.apiGet<QueueList>('/v1/queues')).body.queues.find(
      (q) => q.name === 'default',
    );
    expect((shared?.bullmq.waiting ?? 0) + (shared?.bullmq.prioritized ?? 0)).toBe(
      before + authors,
    );
  });

  it('rebuilds a BullMQ queue wiped from Redis from the work waiting in Postgres', async () => {
    const waiting = await countRows(
      pipeline.dataSource,
      `SELECT 1 FROM work_items WHERE status = 'queued' AND queue_name = 'default'`,
    );
    expect(waiting).toBeGreaterThan(0);
    const queues = new WorkQueueGateway(testRedisUrl(), pipeline.env.QUEUE_PREFIX);
    try {
      await queues.queue('default').obliterate({ force: true });
      expect((await queues.waitingJobIds(['default'])).get('default')).toHaveLength(0);
      await waitFor(
        async () => (await queues.waitingJobIds(['default'])).get('default')?.length === waiting,
        { what: 'the router to repair the BullMQ mirror' },
      );
    } finally {
      await queues.close();
    }
  });
});
