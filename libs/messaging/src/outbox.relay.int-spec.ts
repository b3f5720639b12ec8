import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { systemClock } from '@scb/core';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import { Database, OutboxRepository } from '@scb/persistence';
import {
  aMention,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  RecordingEventPublisher,
  type MentionRecorder,
} from '@scb/testing';
import { OutboxRelay } from './outbox.relay';

describe('OutboxRelay on the outbox (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let record: MentionRecorder;
  let outbox: OutboxRepository;
  let db: Database;
  const decide = new BatchCaseMatcher(randomUUID).forBatch(RuleSet.defaults());
  const incoming = () => ({ mention: aMention(), publishedAt: new Date() });
  const relay = (publisher: RecordingEventPublisher, batchSize = 10_000) =>
    new OutboxRelay(
      { outbox, uow: db, publisher, clock: systemClock },
      { pollMs: 60_000, batchSize },
    );

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('relay').DB_SCHEMA));
    record = mentionRecorder(dataSource);
    db = new Database(dataSource);
    outbox = new OutboxRepository(db);
  });
  afterAll(() => drop());

  it('keeps outbox rows pending when publishing fails, and publishes them on the next try', async () => {
    await record([incoming()], decide);
    const pending = await outbox.pendingCount();
    expect(pending).toBeGreaterThan(0);

    const down = new RecordingEventPublisher();
    down.failWith = new Error('broker down');
    await expect(relay(down).publishBatch()).rejects.toThrow('broker down');
    expect(await outbox.pendingCount()).toBe(pending);

    const up = new RecordingEventPublisher();
    await relay(up).publishBatch();
    expect(up.sentTo('cases.events.v1')).toHaveLength(pending);
    expect(await outbox.pendingCount()).toBe(0);
  });

  it('drains the backlog in id order, batch by batch, once per row', async () => {
    await record([incoming(), incoming(), incoming()], decide);
    const ids = (
      await dataSource.query<Array<{ id: string; event_id: string }>>(
        `SELECT id, event_id FROM outbox WHERE published_at IS NULL ORDER BY id`,
      )
    ).map((r) => r.event_id);
    expect(ids.length).toBeGreaterThanOrEqual(3);

    const publisher = new RecordingEventPublisher();
    const subject = relay(publisher, 2);
    subject.kick();
    subject.kick();
    await subject.idle();

    const sent = publisher
      .sentTo('cases.events.v1')
      .map((m) => (JSON.parse(String(m.value)) as { eventId: string }).eventId);
    expect(sent).toEqual(ids);
    expect(await outbox.pendingCount()).toBe(0);
  });

  it('lets two relays share the backlog without publishing a row twice', async () => {
    await record([incoming(), incoming(), incoming(), incoming()], decide);
    const pending = await outbox.pendingCount();
    const [a, b] = [new RecordingEventPublisher(), new RecordingEventPublisher()];
    const first = relay(a, 1);
    const second = relay(b, 1);
    first.kick();
    second.kick();
    await Promise.all([first.idle(), second.idle()]);

    const keys = [...a.sentTo('cases.events.v1'), ...b.sentTo('cases.events.v1')].map((m) =>
      String(m.value),
    );
    expect(keys).toHaveLength(pending);
    expect(new Set(keys).size).toBe(pending);
    expect(await outbox.pendingCount()).toBe(0);
  });
});
