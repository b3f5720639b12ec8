import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { mentionKey, partitionKey, type CaseEvent, type SocialMention } from '@scb/contracts';
import { postKey, type BatchDecider, type MatchOutcome } from '@scb/matching';
import { lockKeys } from './advisory-locks';
import { mergeCustomer } from './customer-merge.repository';
import { MatchingSnapshotLoader } from './matching-snapshot.loader';

export interface IncomingMention {
  mention: SocialMention;
  /** When the mention reached Kafka; the start of the post-to-queue latency. */
  publishedAt: Date;
  /** W3C traceparent of the matcher's work on it; stored with its case events (outbox). */
  traceparent?: string;
}

export interface MentionBatchResult {
  stored: number;
  duplicates: number;
  /** The brand's replies that answer no post on a case: not stored (no customer to file them). */
  brandRepliesLeftOut: number;
  /** Those brand replies themselves: the caller holds them for a retry (HeldBrandPostRepository). */
  leftOut: IncomingMention[];
  casesOpened: number;
  reopened: number;
  ignored: number;
  /** Personas merged into the customer an identifier in a mention proved them to be. */
  merged: number;
  /** Every decision of the batch: the rule that decided and what became of the mention. */
  decisions: Array<{ rule: string; outcome: MatchDecisionOutcome }>;
  /** Edits applied to a stored interaction (its earlier text kept in `revisions`). */
  edited: number;
  /** Stored interactions marked removed by their author (text kept for the audit). */
  removed: number;
}

/** joined: an existing case; outbound: the brand's own reply (recorded or left out). */
export type MatchDecisionOutcome = 'joined' | 'new_case' | 'ignored' | 'outbound';

const OUTCOME_OF_KIND: Record<MatchOutcome['decision']['kind'], MatchDecisionOutcome> = {
  link: 'joined',
  open: 'new_case',
  ignore: 'ignored',
  record: 'outbound',
};

interface CaseRow {
  id: string;
  case_number: string;
  priority: number;
  category: string | null;
}
type CaseMeta = Map<string, CaseRow>;

type Linked = MatchOutcome & { decision: { kind: 'link' | 'open' } };
const routed = (o: MatchOutcome): o is Linked =>
  o.decision.kind === 'link' || o.decision.kind === 'open';

/**
 * Persists a whole consumed batch of mentions in one transaction with set-based SQL: load the
 * snapshot the matcher needs (identities, identifiers, named cases, threads, customers' cases),
 * let the domain decide, then insert personas and inferred identities, cases, interactions and
 * the case events (outbox) together. Redelivered mentions are skipped by their
 * `platform:externalId` key, so replaying a batch changes nothing. Ignored mentions are stored on
 * no case and emit no event, so the router never sees them.
 */
export class MentionCaseRepository {
  private readonly snapshots = new MatchingSnapshotLoader();

  constructor(
    private readonly dataSource: DataSource,
    private readonly caseEventsTopic: string,
  ) {}

  async recordBatch(
    incoming: IncomingMention[],
    decider: BatchDecider,
  ): Promise<MentionBatchResult> {
    const empty = {
      stored: 0,
      duplicates: 0,
      brandRepliesLeftOut: 0,
      leftOut: [],
      casesOpened: 0,
      reopened: 0,
      ignored: 0,
      merged: 0,
      decisions: [],
      edited: 0,
      removed: 0,
    };
    if (incoming.length === 0) return empty;
    return this.dataSource.transaction(async (tx) => {
      // Serialize per author and per customer party across matcher instances (rebalances can
      // overlap briefly; the brand's replies to two customers share the brand's author key).
      await lockKeys(
        tx,
        incoming.flatMap((i) => [mentionKey(i.mention), partitionKey(i.mention)]),
      );
      // Edits and removals change a stored post; one whose post was never stored is decided
      // as a post itself (an edit: the post in its latest words; a removal: recorded, ignored).
      const { posts, changes } = await this.splitChanges(tx, incoming);
      const fresh = await this.dropSeen(tx, posts);
      if (fresh.length === 0) {
        const applied = await this.applyChanges(tx, changes);
        return { ...empty, ...applied, duplicates: posts.length };
      }

      const mentions = fresh.map((f) => f.mention);
      const snapshot = await this.snapshots.load(tx, mentions, decider.lookups(mentions));
      const outcomes = decider.decide(mentions, snapshot);
      await this.insertIdentities(tx, outcomes);
      const cases = await this.upsertCases(tx, outcomes);
      const events = await this.insertInteractions(tx, fresh, outcomes, cases);
      // After the inserts, so a persona made earlier in this batch exists and its rows move too.
      const merges = await this.applyMerges(tx, outcomes);
      await this.insertOutbox(
        tx,
        events.map((e) => ({ ...e, customerId: merges.finalCustomer(e.customerId) })),
        new Map(
          fresh.map((f) => [postKey(f.mention.platform, f.mention.externalId), f.traceparent]),
        ),
      );
      const applied = await this.applyChanges(tx, changes);
      const count = (f: (o: MatchOutcome) => boolean) => outcomes.filter(f).length;
      const decided = new Set(outcomes.map((o) => o.mention));
      return {
        ...applied,
        stored: outcomes.length,
        duplicates: posts.length - fresh.length,
        brandRepliesLeftOut: fresh.length - outcomes.length,
        leftOut: fresh.filter((f) => !decided.has(f.mention)),
        casesOpened: count((o) => o.decision.kind === 'open'),
        reopened: count((o) => o.decision.kind === 'link' && o.decision.reopen),
        ignored: count((o) => o.decision.kind === 'ignore'),
        merged: merges.count,
        decisions: [
          ...outcomes.map((o) => ({
            rule: o.decision.explanation.rule,
            outcome: OUTCOME_OF_KIND[o.decision.kind],
          })),
          ...Array.from({ length: fresh.length - outcomes.length }, () => ({
            rule: 'brand-reply',
            outcome: 'outbound' as const,
          })),
        ],
      };
    });
  }

  /**
   * Splits edits and removals (`lifecycle` other than `created`) from new posts: a change whose
   * post is stored, or is a new post of this batch, is applied to it after the inserts; the first
   * change of a post never seen becomes the post (later ones of the batch apply to it).
   */
  private async splitChanges(
    tx: EntityManager,
    incoming: IncomingMention[],
  ): Promise<{ posts: IncomingMention[]; changes: IncomingMention[] }> {
    const changed = incoming.filter((i) => i.mention.lifecycle !== 'created');
    if (changed.length === 0) return { posts: incoming, changes: [] };
    const stored: Array<{ platform: string; external_id: string }> = await tx.query(
      `SELECT platform, external_id FROM interactions
        WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [changed.map((i) => i.mention.platform), changed.map((i) => i.mention.externalId)],
    );
    const known = new Set(stored.map((r) => postKey(r.platform, r.external_id)));
    const posts: IncomingMention[] = [];
    const changes: IncomingMention[] = [];
    for (const item of incoming) {
      const key = postKey(item.mention.platform, item.mention.externalId);
      if (item.mention.lifecycle === 'created' || !known.has(key)) {
        posts.push(item);
        known.add(key);
      } else changes.push(item);
    }
    return { posts, changes };
  }

  /**
   * Applies edits and removals in arrival order: an edit moves the stored text into `revisions`
   * (with the revision id it had) and takes the new one; a removal stamps `removed_at` and keeps
   * the text. Idempotent: a redelivered edit (same revision id, or same text when the platform
   * gives none) or removal changes nothing. Neither is routed: it is not a new message.
   */
  private async applyChanges(
    tx: EntityManager,
    changes: IncomingMention[],
  ): Promise<{ edited: number; removed: number }> {
    let edited = 0;
    let removed = 0;
    for (const { mention } of changes) {
      if (mention.lifecycle === 'removed') {
        const [, n]: [unknown, number] = await tx.query(
          `UPDATE interactions SET removed_at = $3
            WHERE platform = $1 AND external_id = $2 AND removed_at IS NULL`,
          [mention.platform, mention.externalId, mention.createdAt],
        );
        removed += n;
        continue;
      }
      const [, n]: [unknown, number] = await tx.query(
        `UPDATE interactions
            SET revisions = revisions || jsonb_build_array(jsonb_build_object(
                  'text', text, 'revisionId', payload ->> 'revisionId',
                  'replacedAt', $5::timestamptz)),
                text = $3,
                edited_at = $5,
                payload = payload || jsonb_build_object('revisionId', $4::text, 'text', $3::text,
                  'links', $6::jsonb, 'repairs', $7::jsonb)
          WHERE platform = $1 AND external_id = $2
            AND CASE WHEN $4::text IS NULL THEN text IS DISTINCT FROM $3
                     ELSE payload ->> 'revisionId' IS DISTINCT FROM $4 END`,
        [
          mention.platform,
          mention.externalId,
          mention.text,
          mention.revisionId,
          mention.createdAt,
          JSON.stringify(mention.links),
          JSON.stringify(mention.repairs),
        ],
      );
      edited += n;
    }
    return { edited, removed };
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

  /** New personas become customers; inferred identities are linked with their evidence. */
  private async insertIdentities(tx: EntityManager, outcomes: MatchOutcome[]): Promise<void> {
    const byAuthor = new Map<string, MatchOutcome>();
    for (const o of outcomes) {
      const onFile = ['known-identity', 'merged', 'brand'].includes(o.customer.signal);
      if (!onFile && !byAuthor.has(mentionKey(o.mention))) {
        byAuthor.set(mentionKey(o.mention), o);
      }
    }
    const fresh = [...byAuthor.values()];
    if (fresh.length === 0) return;
    const personas = fresh.filter((o) => o.customer.signal === 'new-persona');
    if (personas.length > 0) {
      await tx.query(
        `INSERT INTO customers (id, display_name, persona) SELECT *, true FROM unnest($1::uuid[], $2::text[])`,
        [
          personas.map((o) => o.customer.customerId),
          personas.map((o) => o.mention.authorName ?? o.mention.authorHandle),
        ],
      );
    }
    await tx.query(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, display_name, link, evidence)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
      [
        fresh.map((o) => o.customer.customerId),
        fresh.map((o) => o.mention.platform),
        fresh.map((o) => o.mention.authorId),
        fresh.map((o) => o.mention.authorHandle),
        fresh.map((o) => o.mention.authorName),
        fresh.map((o) => (o.customer.signal === 'inferred' ? 'inferred' : 'observed')),
        fresh.map((o) =>
          o.customer.evidence
            ? JSON.stringify({ ...o.customer.evidence, externalId: o.mention.externalId })
            : null,
        ),
      ],
    );
  }

  /** The merges the matcher decided, in order, each with the mention's identifier as evidence. */
  private async applyMerges(tx: EntityManager, outcomes: MatchOutcome[]) {
    const into = new Map<string, string>();
    for (const o of outcomes) {
      const merge = o.customer.merge;
      if (!merge) continue;
      await mergeCustomer(tx, merge.fromCustomerId, merge.intoCustomerId, {
        ...merge.evidence,
        note: `found in ${o.mention.platform} post ${o.mention.externalId}`,
      });
      into.set(merge.fromCustomerId, merge.intoCustomerId);
    }
    const finalCustomer = (id: string): string =>
      into.has(id) ? finalCustomer(into.get(id)!) : id;
    return { count: into.size, finalCustomer };
  }

  /**
   * Inserts opened cases and touches (reopening when resolved) the cases mentions joined;
   * returns what the case events need of every case the batch touched.
   */
  private async upsertCases(tx: EntityManager, outcomes: MatchOutcome[]): Promise<CaseMeta> {
    const opened = outcomes.flatMap((o) => (o.decision.kind === 'open' ? [o.decision] : []));
    const meta: CaseMeta = new Map();
    if (opened.length > 0) {
      const rows: CaseRow[] = await tx.query(
        `INSERT INTO cases (id, customer_id, origin_channel, category, priority)
         SELECT id, customer_id, 'social', category, priority
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int2[]) AS t(id, customer_id, category, priority)
         RETURNING id, case_number, priority, category`,
        [
          opened.map((d) => d.target.caseId),
          opened.map((d) => d.target.customerId),
          opened.map((d) => d.category),
          opened.map((d) => d.priority),
        ],
      );
      for (const row of rows) meta.set(row.id, row);
    }
    const linked = [
      ...new Set(
        outcomes.flatMap((o) => (o.decision.kind === 'link' ? [o.decision.target.caseId] : [])),
      ),
    ];
    if (linked.length > 0) {
      // TypeORM answers an UPDATE with [rows, affected count].
      const [rows]: [CaseRow[], number] = await tx.query(
        `UPDATE cases SET last_activity_at = now(), status = 'open', resolved_at = NULL
          WHERE id = ANY($1::uuid[])
          RETURNING id, case_number, priority, category`,
        [linked],
      );
      for (const row of rows) meta.set(row.id, row);
    }
    return meta;
  }

  private async insertInteractions(
    tx: EntityManager,
    fresh: IncomingMention[],
    outcomes: MatchOutcome[],
    meta: CaseMeta,
  ): Promise<CaseEvent[]> {
    const ids = outcomes.map(() => randomUUID());
    const publishedAt = new Map(fresh.map((f) => [f.mention, f.publishedAt.toISOString()]));
    // One JSON document for the whole batch: serializing it is native, where pg would escape
    // every element of fifteen arrays in JavaScript (the largest cost of the batch on the client).
    const rows = outcomes.map((o, i) => ({
      id: ids[i],
      case_id: o.decision.target?.caseId ?? null,
      customer_id: o.customer.customerId,
      platform: o.mention.platform,
      external_id: o.mention.externalId,
      author_id: o.mention.authorId,
      text: o.mention.text,
      occurred_at: o.mention.createdAt,
      published_at: publishedAt.get(o.mention),
      direction: o.mention.direction,
      decision: o.decision.explanation,
      payload: o.mention,
      ignored: o.decision.kind === 'ignore',
      rule_set_version: o.ruleSetVersion,
      tags: o.decision.explanation.tags,
      conversation_id: o.mention.conversationId,
      // A removal of a post never stored is recorded as removed; an edit of one as edited.
      removed_at: o.mention.lifecycle === 'removed' ? o.mention.createdAt : null,
      edited_at: o.mention.lifecycle === 'edited' ? o.mention.createdAt : null,
    }));
    await tx.query(
      `INSERT INTO interactions (id, case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, published_at, decision, payload, ignored, rule_set_version, tags, conversation_id, removed_at, edited_at)
       SELECT id, case_id, customer_id, 'social', direction, platform, external_id, author_id, text, occurred_at, published_at, decision, payload, ignored, rule_set_version, tags, conversation_id, removed_at, edited_at
         FROM jsonb_to_recordset($1::jsonb)
           AS t(id uuid, case_id uuid, customer_id uuid, direction text, platform text, external_id text, author_id text, text text, occurred_at timestamptz, published_at timestamptz, decision jsonb, payload jsonb, ignored bool, rule_set_version int4, tags text[], conversation_id text, removed_at timestamptz, edited_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    const now = new Date().toISOString();
    return outcomes.flatMap((o, i): CaseEvent[] => {
      if (!routed(o)) return [];
      const target = meta.get(o.decision.target.caseId);
      if (!target)
        throw new Error(`case ${o.decision.target.caseId} vanished inside the transaction`);
      return [
        {
          schemaVersion: 1,
          type: o.decision.kind === 'open' ? 'caseOpened' : 'mentionLinked',
          eventId: randomUUID(),
          occurredAt: now,
          caseId: target.id,
          caseNumber: target.case_number,
          customerId: o.decision.target.customerId,
          channel: 'social',
          priority: target.priority,
          category: target.category,
          interactionId: ids[i],
          platform: o.mention.platform,
          externalId: o.mention.externalId,
          tags: o.decision.explanation.tags,
          sentiment: o.decision.explanation.sentiment,
          language: o.decision.explanation.language,
        },
      ];
    });
  }

  private async insertOutbox(
    tx: EntityManager,
    events: CaseEvent[],
    traceparents: Map<string, string | undefined>,
  ): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO outbox (event_id, topic, message_key, payload, traceparent)
       SELECT (e->>'eventId')::uuid, $2, e->>'caseId', e, t
         FROM unnest($1::jsonb[], $3::text[]) AS x(e, t)`,
      [
        events.map((e) => JSON.stringify(e)),
        this.caseEventsTopic,
        events.map((e) => traceparents.get(postKey(e.platform, e.externalId)) ?? null),
      ],
    );
  }
}
