import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { CrmConnectorRepository } from './crm-connector.repository';
import { CrmOutboundRepository } from './crm-outbound.repository';

/** The outbound look-ups' watermark on real Postgres: the bound, late links, late commits. */
describe('CrmOutboundRepository watermark (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let outbound: CrmOutboundRepository;
  let connectors: CrmConnectorRepository;
  const connector = 'zd-bound';
  const TEN_MINUTES = 600_000;
  const query = <T>(sql: string, params: unknown[] = []) => dataSource.query<T[]>(sql, params);

  const aCase = async (openedAgo: string) => {
    const customer = randomUUID();
    await query(`INSERT INTO customers (id, display_name, tier) VALUES ($1, 'C', 'standard')`, [
      customer,
    ]);
    const id = randomUUID();
    await query(
      `INSERT INTO cases (id, customer_id, origin_channel, opened_at)
       VALUES ($1, $2, 'social', now() - $3::interval)`,
      [id, customer, openedAgo],
    );
    return { id, customer };
  };
  const link = (caseId: string, createdAgo: string) =>
    query(
      `INSERT INTO crm_case_links (connector, case_id, crm_case_id, opened_by, synced_status, synced_at, created_at)
       VALUES ($1, $2, $3, 'crm', 'open', now(), now() - $4::interval)`,
      [connector, caseId, `t-${randomUUID().slice(0, 8)}`, createdAgo],
    );
  /** A customer's post on the case, received `ago` before now (default: now). */
  const postSql = `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, text, occurred_at, received_at, decision, payload)
       VALUES ($1, $2, 'social', 'inbound', 'x', $3, 'hello', now(), now() - $4::interval, '{}', '{}') RETURNING id`;
  const post = async (c: { id: string; customer: string }, ago = '0 s') =>
    (await query<{ id: string }>(postSql, [c.id, c.customer, randomUUID(), ago]))[0].id;
  const note = async (caseId: string, ago: string) =>
    (
      await query<{ id: string }>(
        `INSERT INTO case_notes (case_id, author_kind, author_id, author_name, body, created_at)
         VALUES ($1, 'user', 'u1', 'Dana', 'called back', now() - $2::interval) RETURNING id`,
        [caseId, ago],
      )
    )[0].id;
  const posts = async () =>
    (await outbound.commentsToSend(connector, 100, TEN_MINUTES)).map((p) => p.interactionId);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('crm_bound').DB_SCHEMA));
    const db = new Database(dataSource);
    outbound = new CrmOutboundRepository(db);
    connectors = new CrmConnectorRepository(db);
    await query(
      `INSERT INTO crm_connectors (name, kind, settings, field_ownership, credentials, outbound_since)
       VALUES ($1, 'zendesk', '{}', '{}', 'v1.x', now() - interval '1 day')`,
      [connector],
    );
  });
  afterAll(() => drop());

  it('reads everything since the connector was set up until there is a watermark, then only since it (less the overlap), plus cases linked since', async () => {
    const old = await aCase('2 hours');
    await link(old.id, '2 hours');
    const oldPost = await post(old, '2 hours');
    const oldNote = await note(old.id, '2 hours');
    const unlinkedOld = await aCase('2 hours');
    const linkedLate = await aCase('3 hours');
    const latePost = await post(linkedLate, '3 hours');
    const lateNote = await note(linkedLate.id, '3 hours');

    // Not linked yet: the case's post waits for its link.
    expect(await posts()).toEqual([oldPost]);
    expect((await outbound.casesToOpen(connector, 100, TEN_MINUTES)).map((c) => c.caseId)).toEqual(
      expect.arrayContaining([unlinkedOld.id, linkedLate.id]),
    );

    await connectors.saveOutboundWatermark(connector, await outbound.outboundHorizon());
    // Linked after the watermark: its older post and note come with it.
    await link(linkedLate.id, '0 s');
    const recent = await post(old);
    const recentNote = await note(old.id, '1 minute');

    expect(await posts()).toEqual([latePost, recent]);
    expect((await outbound.notesToSend(connector, 100, TEN_MINUTES)).map((n) => n.noteId)).toEqual([
      lateNote,
      recentNote,
    ]);
    expect(await outbound.casesToOpen(connector, 100, TEN_MINUTES)).toEqual([]);
    // Older than the bound, not in the look-ups any more (they were there before the watermark).
    expect(await posts()).not.toContain(oldPost);
    expect((await outbound.notesToSend(connector, 100, 0)).map((n) => n.noteId)).not.toContain(
      oldNote,
    );
  });

  it('a post committed after the look-ups, by a transaction that stamped it before the horizon, is still found (no overlap)', async () => {
    const c = await aCase('1 minute');
    await link(c.id, '1 hour');
    // A matcher's transaction stamps its post (received_at = now(), its start) and is slow to commit.
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      const [{ id: late }] = (await slow.query(postSql, [
        c.id,
        c.customer,
        randomUUID(),
        '0 s',
      ])) as Array<{
        id: string;
      }>;
      // Meanwhile a pass: horizon, look-ups that cannot see the post yet, watermark moved.
      const horizon = await outbound.outboundHorizon();
      expect(
        (await outbound.commentsToSend(connector, 100, 0)).map((p) => p.interactionId),
      ).not.toContain(late);
      await connectors.saveOutboundWatermark(connector, horizon);
      await slow.commitTransaction();

      // The horizon was the open transaction's start, so the next look-up (no overlap) finds it.
      expect(
        (await outbound.commentsToSend(connector, 100, 0)).map((p) => p.interactionId),
      ).toContain(late);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }
  });

  it('never moves the watermark back', async () => {
    const [before] = await query<{ at: Date }>(
      `SELECT outbound_watermark AS at FROM crm_connectors WHERE name = $1`,
      [connector],
    );
    await connectors.saveOutboundWatermark(connector, new Date('2020-01-01T00:00:00Z'));
    const [after] = await query<{ at: Date }>(
      `SELECT outbound_watermark AS at FROM crm_connectors WHERE name = $1`,
      [connector],
    );
    expect(after.at).toEqual(before.at);
  });
});
