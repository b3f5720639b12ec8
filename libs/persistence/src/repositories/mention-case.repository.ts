import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { mentionKey, type CaseEvent, type SocialMention } from '@scb/contracts';
import type { CaseRef, MatchingSnapshot, MatchOutcome } from '@scb/matching';

export interface IncomingMention {
  mention: SocialMention;
  /** When the mention reached Kafka; the start of the post-to-queue latency. */
  publishedAt: Date;
}

export interface MentionBatchResult {
  stored: number;
  duplicates: number;
  casesOpened: number;
}

export type DecideBatch = (mentions: SocialMention[], snapshot: MatchingSnapshot) => MatchOutcome[];

const postKey = (platform: string, externalId: string) => `${platform}:${externalId}`;

/**
 * Persists a whole consumed batch of mentions in one transaction with set-based SQL: resolve
 * authors, load their open cases and reply threads, let the domain decide, then insert cases,
 * interactions and the case events (outbox) together. Redelivered mentions are skipped by their
 * `platform:externalId` key, so replaying a batch changes nothing.
 */
export class MentionCaseRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caseEventsTopic: string,
  ) {}

  async recordBatch(incoming: IncomingMention[], decide: DecideBatch): Promise<MentionBatchResult> {
    if (incoming.length === 0) return { stored: 0, duplicates: 0, casesOpened: 0 };
    return this.dataSource.transaction(async (tx) => {
      // Serialize per author across matcher instances (rebalances can overlap briefly).
      await lockKeys(
        tx,
        incoming.map((i) => mentionKey(i.mention)),
      );
      const fresh = await this.dropSeen(tx, incoming);
      if (fresh.length === 0) return { stored: 0, duplicates: incoming.length, casesOpened: 0 };

      const mentions = fresh.map((f) => f.mention);
      const snapshot = await this.loadSnapshot(tx, mentions);
      const outcomes = decide(mentions, snapshot);
      const caseNumbers = await this.insertNewCases(tx, outcomes);
      const events = await this.insertInteractions(tx, fresh, outcomes, caseNumbers);
      await this.insertOutbox(tx, events);
      return {
        stored: fresh.length,
        duplicates: incoming.length - fresh.length,
        casesOpened: outcomes.filter((o) => o.decision.kind === 'open').length,
      };
    });
  }

  private async dropSeen(
    tx: EntityManager,
    incoming: IncomingMention[],
  ): Promise<IncomingMention[]> {
    const unique = new Map<string, IncomingMention>();
    for (const item of incoming) {
      const key = postKey(item.mention.platform, item.mention.externalId);
      if (!unique.has(key)) unique.set(key, item);
    }
    const items = [...unique.values()];
    const seen: Array<{ platform: string; external_id: string }> = await tx.query(
      `SELECT platform, external_id FROM interactions
        WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [items.map((i) => i.mention.platform), items.map((i) => i.mention.externalId)],
    );
    const seenKeys = new Set(seen.map((s) => postKey(s.platform, s.external_id)));
    return items.filter((i) => !seenKeys.has(postKey(i.mention.platform, i.mention.externalId)));
  }

  private async loadSnapshot(
    tx: EntityManager,
    mentions: SocialMention[],
  ): Promise<MatchingSnapshot> {
    const customerByAuthor = await this.resolveCustomers(tx, mentions);
    const customerIds = [...new Set([...customerByAuthor.values()].map((c) => c.customerId))];
    const openRows: Array<{ id: string; case_number: string; customer_id: string }> =
      await tx.query(
        `SELECT DISTINCT ON (customer_id) id, case_number, customer_id FROM cases
        WHERE status = 'open' AND customer_id = ANY($1::uuid[])
        ORDER BY customer_id, last_activity_at DESC`,
        [customerIds],
      );
    const replies = mentions.filter((m) => m.inReplyToId !== null);
    const threadRows: Array<{
      platform: string;
      external_id: string;
      id: string;
      case_number: string;
      customer_id: string;
    }> =
      replies.length === 0
        ? []
        : await tx.query(
            `SELECT i.platform, i.external_id, c.id, c.case_number, c.customer_id
               FROM interactions i JOIN cases c ON c.id = i.case_id
              WHERE c.status = 'open'
                AND (i.platform, i.external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
            [replies.map((m) => m.platform), replies.map((m) => m.inReplyToId)],
          );
    const ref = (row: { id: string; case_number: string; customer_id: string }): CaseRef => ({
      caseId: row.id,
      caseNumber: row.case_number,
      customerId: row.customer_id,
    });
    return {
      customerByAuthor,
      openCaseByCustomer: new Map(openRows.map((r) => [r.customer_id, ref(r)])),
      caseByPost: new Map(threadRows.map((r) => [postKey(r.platform, r.external_id), ref(r)])),
    };
  }

  /** Known identities map to their customer; unknown authors become new customer personas. */
  private async resolveCustomers(
    tx: EntityManager,
    mentions: SocialMention[],
  ): Promise<MatchingSnapshot['customerByAuthor']> {
    const authors = new Map<string, SocialMention>();
    for (const m of mentions) if (!authors.has(mentionKey(m))) authors.set(mentionKey(m), m);
    const list = [...authors.values()];
    const known: Array<{ platform: string; external_user_id: string; customer_id: string }> =
      await tx.query(
        `SELECT platform, external_user_id, customer_id FROM customer_identities
        WHERE (platform, external_user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [list.map((m) => m.platform), list.map((m) => m.authorId)],
      );
    const result: MatchingSnapshot['customerByAuthor'] = new Map(
      known.map((k) => [
        `${k.platform}:${k.external_user_id}`,
        { customerId: k.customer_id, isNew: false },
      ]),
    );
    const unknown = list.filter((m) => !result.has(mentionKey(m)));
    if (unknown.length > 0) {
      const ids = unknown.map(() => randomUUID());
      await tx.query(
        `INSERT INTO customers (id, display_name) SELECT * FROM unnest($1::uuid[], $2::text[])`,
        [ids, unknown.map((m) => m.authorName ?? m.authorHandle)],
      );
      await tx.query(
        `INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, display_name)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
        [
          ids,
          unknown.map((m) => m.platform),
          unknown.map((m) => m.authorId),
          unknown.map((m) => m.authorHandle),
          unknown.map((m) => m.authorName),
        ],
      );
      unknown.forEach((m, i) => result.set(mentionKey(m), { customerId: ids[i], isNew: true }));
    }
    return result;
  }

  private async insertNewCases(
    tx: EntityManager,
    outcomes: MatchOutcome[],
  ): Promise<Map<string, string>> {
    const opened = outcomes.flatMap((o) => (o.decision.kind === 'open' ? [o.decision] : []));
    const numbers = new Map<string, string>();
    if (opened.length > 0) {
      const rows: Array<{ id: string; case_number: string }> = await tx.query(
        `INSERT INTO cases (id, customer_id, origin_channel, category, priority)
         SELECT id, customer_id, 'social', category, priority
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int2[]) AS t(id, customer_id, category, priority)
         RETURNING id, case_number`,
        [
          opened.map((d) => d.target.caseId),
          opened.map((d) => d.target.customerId),
          opened.map((d) => d.category),
          opened.map((d) => d.priority),
        ],
      );
      for (const row of rows) numbers.set(row.id, row.case_number);
    }
    const linked = [
      ...new Set(
        outcomes.filter((o) => o.decision.kind === 'link').map((o) => o.decision.target.caseId),
      ),
    ];
    if (linked.length > 0) {
      await tx.query(`UPDATE cases SET last_activity_at = now() WHERE id = ANY($1::uuid[])`, [
        linked,
      ]);
    }
    return numbers;
  }

  private async insertInteractions(
    tx: EntityManager,
    fresh: IncomingMention[],
    outcomes: MatchOutcome[],
    newCaseNumbers: Map<string, string>,
  ): Promise<CaseEvent[]> {
    const ids = outcomes.map(() => randomUUID());
    const caseMeta: Array<{
      id: string;
      case_number: string;
      priority: number;
      category: string | null;
    }> = await tx.query(
      `SELECT id, case_number, priority, category FROM cases WHERE id = ANY($1::uuid[])`,
      [[...new Set(outcomes.map((o) => o.decision.target.caseId))]],
    );
    const meta = new Map(caseMeta.map((c) => [c.id, c]));
    await tx.query(
      `INSERT INTO interactions (id, case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, published_at, decision, payload)
       SELECT id, case_id, customer_id, 'social', 'inbound', platform, external_id, author_id, text, occurred_at, published_at, decision, payload
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::jsonb[], $11::jsonb[])
           AS t(id, case_id, customer_id, platform, external_id, author_id, text, occurred_at, published_at, decision, payload)`,
      [
        ids,
        outcomes.map((o) => o.decision.target.caseId),
        outcomes.map((o) => o.decision.target.customerId),
        outcomes.map((o) => o.mention.platform),
        outcomes.map((o) => o.mention.externalId),
        outcomes.map((o) => o.mention.authorId),
        outcomes.map((o) => o.mention.text),
        outcomes.map((o) => o.mention.createdAt),
        fresh.map((f) => f.publishedAt.toISOString()),
        outcomes.map((o) => JSON.stringify(o.decision.explanation)),
        outcomes.map((o) => JSON.stringify(o.mention)),
      ],
    );
    const now = new Date().toISOString();
    return outcomes.map((o, i): CaseEvent => {
      const target = meta.get(o.decision.target.caseId);
      if (!target)
        throw new Error(`case ${o.decision.target.caseId} vanished inside the transaction`);
      return {
        schemaVersion: 1,
        type: o.decision.kind === 'open' ? 'caseOpened' : 'mentionLinked',
        eventId: randomUUID(),
        occurredAt: now,
        caseId: target.id,
        caseNumber: newCaseNumbers.get(target.id) ?? target.case_number,
        customerId: o.decision.target.customerId,
        channel: 'social',
        priority: target.priority,
        category: target.category,
        interactionId: ids[i],
        platform: o.mention.platform,
        externalId: o.mention.externalId,
      };
    });
  }

  private async insertOutbox(tx: EntityManager, events: CaseEvent[]): Promise<void> {
    await tx.query(
      `INSERT INTO outbox (event_id, topic, message_key, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        events.map((e) => e.eventId),
        events.map(() => this.caseEventsTopic),
        events.map((e) => e.caseId),
        events.map((e) => JSON.stringify(e)),
      ],
    );
  }
}

/** Transaction-scoped advisory locks taken in a stable order so two transactions cannot deadlock. */
export async function lockKeys(tx: EntityManager, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [sorted],
  );
}
