import { randomUUID } from 'node:crypto';
import { freshDatabase } from '@scb/testing';
import type { DataSource } from 'typeorm';
import { Database } from '../database';
import { RetentionRepository } from './retention.repository';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('RetentionRepository (bounded pruning on the real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let retention: RetentionRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(`retention_${process.pid}`));
    db = new Database(dataSource);
    retention = new RetentionRepository(db);
  });
  afterAll(() => drop());
  beforeEach(() => db.execute('TRUNCATE outbox, processed_events'));

  const addOutbox = (label: string, publishedAt: Date | null, createdAt = ago(1000 * HOUR)) =>
    db.execute(
      `INSERT INTO outbox (event_id, topic, message_key, payload, created_at, published_at)
       VALUES ($1, 'case-events', $2, '{}'::jsonb, $3, $4)`,
      [randomUUID(), label, createdAt, publishedAt],
    );
  const addProcessed = (label: string, processedAt: Date) =>
    db.execute(
      `INSERT INTO processed_events (consumer, event_id, case_id, processed_at)
       VALUES ($1, $2, $3, $4)`,
      [label, randomUUID(), randomUUID(), processedAt],
    );
  const outboxLeft = async () =>
    (await db.rows<{ k: string }>('SELECT message_key AS k FROM outbox ORDER BY k')).map(
      (r) => r.k,
    );
  const processedLeft = async () =>
    (await db.rows<{ c: string }>('SELECT consumer AS c FROM processed_events ORDER BY c')).map(
      (r) => r.c,
    );

  it('deletes published outbox rows past the bound in batches, keeps newer ones and every pending one', async () => {
    for (let i = 0; i < 7; i += 1) await addOutbox(`old-${i}`, ago(48 * HOUR + i));
    await addOutbox('recent', ago(HOUR));
    await addOutbox('pending-old', null, ago(5000 * HOUR));
    await addOutbox('pending-new', null, ago(1));
    const before = ago(24 * HOUR);

    expect(await retention.deletePublishedOutbox(before, 3)).toBe(3);
    expect(await retention.deletePublishedOutbox(before, 3)).toBe(3);
    expect(await retention.deletePublishedOutbox(before, 3)).toBe(1);
    expect(await retention.deletePublishedOutbox(before, 3)).toBe(0);

    expect(await outboxLeft()).toEqual(['pending-new', 'pending-old', 'recent']);
  });

  it('deletes the oldest published rows first', async () => {
    await addOutbox('older', ago(72 * HOUR));
    await addOutbox('old', ago(48 * HOUR));
    expect(await retention.deletePublishedOutbox(ago(24 * HOUR), 1)).toBe(1);
    expect(await outboxLeft()).toEqual(['old']);
  });

  it('deletes processed-event ids past the bound in batches and keeps those within it', async () => {
    for (let i = 0; i < 5; i += 1) await addProcessed(`old-${i}`, ago(15 * 24 * HOUR + i));
    await addProcessed('within', ago(13 * 24 * HOUR));
    const before = ago(14 * 24 * HOUR);

    expect(await retention.deleteProcessedEvents(before, 2)).toBe(2);
    expect(await retention.deleteProcessedEvents(before, 2)).toBe(2);
    expect(await retention.deleteProcessedEvents(before, 2)).toBe(1);
    expect(await retention.deleteProcessedEvents(before, 2)).toBe(0);

    expect(await processedLeft()).toEqual(['within']);
  });

  it('finds each batch through an index, not a scan of the table', async () => {
    // One transaction, so the planner setting and the EXPLAINs share a connection.
    const plans = await db.run(async () => {
      await db.execute('SET LOCAL enable_seqscan = off');
      const explain = async (sql: string) =>
        (await db.rows<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [NOW]))
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      return [
        await explain(
          `SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < $1 ORDER BY published_at LIMIT 10`,
        ),
        await explain(
          `SELECT ctid FROM processed_events WHERE processed_at < $1 ORDER BY processed_at LIMIT 10`,
        ),
      ];
    });
    expect(plans[0]).toContain('outbox_published_at_idx');
    expect(plans[1]).toContain('processed_events_processed_at_idx');
  });

  it('lets one replica prune at a time and releases the lock afterwards', async () => {
    const other = new RetentionRepository(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = retention.exclusively(async () => {
      expect(await other.exclusively(async () => 'second')).toEqual({ acquired: false });
      release();
      return 'first';
    });
    await held;
    expect(await first).toEqual({ acquired: true, result: 'first' });
    expect(await other.exclusively(async () => 'again')).toEqual({
      acquired: true,
      result: 'again',
    });
  });
});
