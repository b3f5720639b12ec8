import { mentionKey, type SocialMention } from '@scb/contracts';
import {
  customerConversationKey,
  identifierKey,
  postKey,
  type CaseCandidate,
  type MatchingSnapshot,
  type SnapshotLookups,
} from '@scb/matching';
import type { Database } from '../database';

interface CaseRow {
  id: string;
  case_number: string;
  customer_id: string;
  status: 'open' | 'resolved';
  category: string | null;
  resolved_at: Date | null;
}

// $1 of every statement is `asOf` (null = now): a dry-run sees the world before its mentions.
// A case resolved after `asOf` was still open then.
const REOPENED_SINCE = `($1::timestamptz IS NOT NULL AND c.resolved_at >= $1)`;
// A case merged after `asOf` was not merged yet then: seen as open.
const STATUS = `CASE WHEN ${REOPENED_SINCE} OR c.status = 'merged' THEN 'open' ELSE c.status END`;
const CASE_COLUMNS = `c.id, c.case_number, c.customer_id, ${STATUS} AS status, c.category,
  CASE WHEN ${REOPENED_SINCE} THEN NULL ELSE c.resolved_at END AS resolved_at`;
/**
 * A case as the matcher must see it: a merged case (`k`) stands for the case it was merged into
 * (`merged_into` is one hop, see the case-merge migration), unless the merge came after `asOf`.
 */
const SURVIVOR_OF = (k: string) =>
  `JOIN cases c ON c.id = CASE WHEN ${k}.merged_into IS NOT NULL
                              AND ($1::timestamptz IS NULL OR ${k}.merged_at < $1)
                              THEN ${k}.merged_into ELSE ${k}.id END`;

const candidate = (row: CaseRow): CaseCandidate => ({
  caseId: row.id,
  caseNumber: row.case_number,
  customerId: row.customer_id,
  status: row.status,
  category: row.category,
  resolvedAt: row.resolved_at ? row.resolved_at.toISOString() : null,
});

/**
 * Loads everything the matcher needs for one batch with one set-based statement per kind of
 * fact (identities, identifiers, named cases, reply threads, conversations, known authors' own
 * cases in conversations whose latest case is someone else's, customers' cases),
 * whatever the batch size.
 */
export class MatchingSnapshotLoader {
  constructor(private readonly db: Database) {}

  /**
   * `asOf` (a dry-run) leaves out what was recorded at or after that time, so mentions replayed
   * from then on are decided as they were when they arrived; the matcher itself passes nothing.
   * Reads in the caller's unit of work when there is one.
   */
  async load(
    mentions: SocialMention[],
    lookups: SnapshotLookups,
    asOf: Date | null = null,
  ): Promise<MatchingSnapshot> {
    const [customerByAuthor, customerByIdentifier, caseByNumber, caseByPost, caseByConversation] = [
      await this.identities(asOf, mentions),
      await this.identifiers(asOf, lookups),
      await this.namedCases(asOf, lookups.caseNumbers),
      await this.posts(asOf, mentions),
      await this.conversations(asOf, mentions),
    ];
    const customerCaseByConversation = await this.customersInConversations(
      asOf,
      mentions,
      customerByAuthor,
      caseByConversation,
    );
    const customerIds = new Set([...customerByAuthor.values(), ...customerByIdentifier.values()]);
    for (const c of caseByNumber.values()) customerIds.add(c.customerId);
    const { tiers, cases, personas } = await this.customers(asOf, [...customerIds]);
    return {
      customerByAuthor,
      customerByIdentifier,
      caseByNumber,
      caseByPost,
      caseByConversation,
      customerCaseByConversation,
      tierByCustomer: tiers,
      casesByCustomer: cases,
      personas,
    };
  }

  private async identities(asOf: Date | null, mentions: SocialMention[]) {
    const authors = [...new Map(mentions.map((m) => [mentionKey(m), m])).values()];
    const rows: Array<{ platform: string; external_user_id: string; customer_id: string }> =
      await this.db.rows(
        `SELECT platform, external_user_id, customer_id FROM customer_identities
          WHERE (platform, external_user_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
            AND ($1::timestamptz IS NULL OR created_at < $1)`,
        [asOf, authors.map((m) => m.platform), authors.map((m) => m.authorId)],
      );
    return new Map(rows.map((r) => [`${r.platform}:${r.external_user_id}`, r.customer_id]));
  }

  private async identifiers(asOf: Date | null, lookups: SnapshotLookups) {
    if (lookups.identifiers.length === 0) return new Map<string, string>();
    const rows: Array<{ kind: 'email' | 'phone' | 'account'; value: string; customer_id: string }> =
      await this.db.rows(
        `SELECT kind, value, customer_id FROM customer_identifiers
          WHERE (kind, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))
            AND ($1::timestamptz IS NULL OR created_at < $1)`,
        [asOf, lookups.identifiers.map((i) => i.kind), lookups.identifiers.map((i) => i.value)],
      );
    return new Map(rows.map((r) => [identifierKey(r), r.customer_id]));
  }

  private async namedCases(asOf: Date | null, numbers: string[]) {
    if (numbers.length === 0) return new Map<string, CaseCandidate>();
    const rows: Array<CaseRow & { named: string }> = await this.db.rows(
      `SELECT k.case_number AS named, ${CASE_COLUMNS}
         FROM cases k ${SURVIVOR_OF('k')}
        WHERE k.case_number = ANY($2::text[]) AND ($1::timestamptz IS NULL OR k.opened_at < $1)`,
      [asOf, numbers],
    );
    return new Map(rows.map((r) => [r.named, candidate(r)]));
  }

  /** Cases holding the posts these mentions reply to, or the root post of their conversation. */
  private async posts(asOf: Date | null, mentions: SocialMention[]) {
    const refs = mentions.flatMap((m) =>
      [m.inReplyToId, m.conversationId].flatMap((id) => (id ? [[m.platform, id]] : [])),
    );
    if (refs.length === 0) return new Map<string, CaseCandidate>();
    const rows: Array<CaseRow & { platform: string; external_id: string }> = await this.db.rows(
      `SELECT i.platform, i.external_id, ${CASE_COLUMNS}
         FROM interactions i JOIN cases k ON k.id = i.case_id ${SURVIVOR_OF('k')}
        WHERE (i.platform, i.external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
          AND ($1::timestamptz IS NULL OR i.received_at < $1)`,
      [asOf, refs.map((r) => r[0]), refs.map((r) => r[1])],
    );
    return new Map(rows.map((r) => [postKey(r.platform, r.external_id), candidate(r)]));
  }

  /** The case that last took a post of each conversation (its root post counts too). */
  private async conversations(asOf: Date | null, mentions: SocialMention[]) {
    const refs = mentions.filter((m) => m.conversationId !== null);
    if (refs.length === 0) return new Map<string, CaseCandidate>();
    const rows: Array<CaseRow & { platform: string; conversation_id: string }> = await this.db.rows(
      `SELECT DISTINCT ON (i.platform, i.conversation_id) i.platform, i.conversation_id, ${CASE_COLUMNS}
         FROM interactions i JOIN cases k ON k.id = i.case_id ${SURVIVOR_OF('k')}
        WHERE (i.platform, i.conversation_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
          AND ($1::timestamptz IS NULL OR i.received_at < $1)
        ORDER BY i.platform, i.conversation_id, i.occurred_at DESC`,
      [asOf, refs.map((m) => m.platform), refs.map((m) => m.conversationId)],
    );
    const byConversation = new Map(
      rows.map((r) => [postKey(r.platform, r.conversation_id), candidate(r)]),
    );
    const roots = await this.posts(
      asOf,
      refs.map((m) => ({ ...m, inReplyToId: null })),
    );
    for (const [key, root] of roots) if (!byConversation.has(key)) byConversation.set(key, root);
    return byConversation;
  }

  /**
   * For each known author whose conversation's latest case is another customer's, their own case
   * that last took a post of it: one statement, none when no such author is in the batch.
   */
  private async customersInConversations(
    asOf: Date | null,
    mentions: SocialMention[],
    customerByAuthor: Map<string, string>,
    caseByConversation: Map<string, CaseCandidate>,
  ) {
    const refs = new Map<string, [string, string, string]>();
    for (const m of mentions) {
      const customerId = customerByAuthor.get(mentionKey(m));
      if (!m.conversationId || !customerId) continue;
      const latest = caseByConversation.get(postKey(m.platform, m.conversationId));
      if (!latest || latest.customerId === customerId) continue;
      refs.set(customerConversationKey(m.platform, m.conversationId, customerId), [
        m.platform,
        m.conversationId,
        customerId,
      ]);
    }
    if (refs.size === 0) return new Map<string, CaseCandidate>();
    const keys = [...refs.values()];
    const rows: Array<CaseRow & { platform: string; conversation_id: string }> = await this.db.rows(
      `SELECT DISTINCT ON (i.platform, i.conversation_id, c.customer_id)
              i.platform, i.conversation_id, ${CASE_COLUMNS}
         FROM interactions i JOIN cases k ON k.id = i.case_id ${SURVIVOR_OF('k')}
        WHERE (i.platform, i.conversation_id, c.customer_id)
                IN (SELECT * FROM unnest($2::text[], $3::text[], $4::uuid[]))
          AND ($1::timestamptz IS NULL OR i.received_at < $1)
        ORDER BY i.platform, i.conversation_id, c.customer_id, i.occurred_at DESC`,
      [asOf, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
    );
    return new Map(
      rows.map((r) => [
        customerConversationKey(r.platform, r.conversation_id, r.customer_id),
        candidate(r),
      ]),
    );
  }

  /**
   * Tiers, personas, and per customer the most recent open case then the most recently resolved
   * one: one statement, each case found by a LIMIT 1 probe of its partial index. With `asOf` (a
   * dry-run) the cases are seen as they were then, which the plain predicates of the matcher's
   * hot path are kept free of.
   */
  private async customers(asOf: Date | null, customerIds: string[]) {
    const tiers = new Map<string, string>();
    const cases = new Map<string, CaseCandidate[]>();
    const personas = new Set<string>();
    if (customerIds.length === 0) return { tiers, cases, personas };
    // As of $2: a case opened later did not exist; one resolved later was still open.
    const open = asOf
      ? `(c.status = 'open' OR c.resolved_at >= $2 OR c.merged_at >= $2) AND c.opened_at < $2`
      : `c.status = 'open'`;
    const resolved = asOf
      ? `c.status = 'resolved' AND c.resolved_at < $2 AND c.opened_at < $2`
      : `c.status = 'resolved'`;
    const rows: Array<{
      id: string;
      tier: string;
      persona: boolean;
      open_id: string | null;
      open_number: string;
      open_category: string | null;
      resolved_id: string | null;
      resolved_number: string;
      resolved_category: string | null;
      resolved_at: Date | null;
    }> = await this.db.rows(
      `SELECT cu.id, cu.tier, cu.persona AND cu.merged_into IS NULL AS persona,
              o.id AS open_id, o.case_number AS open_number, o.category AS open_category,
              r.id AS resolved_id, r.case_number AS resolved_number, r.category AS resolved_category,
              r.resolved_at
         FROM customers cu
         LEFT JOIN LATERAL (SELECT c.id, c.case_number, c.category FROM cases c
                             WHERE c.customer_id = cu.id AND ${open}
                             ORDER BY c.last_activity_at DESC LIMIT 1) o ON true
         LEFT JOIN LATERAL (SELECT c.id, c.case_number, c.category, c.resolved_at FROM cases c
                             WHERE c.customer_id = cu.id AND ${resolved}
                             ORDER BY c.resolved_at DESC LIMIT 1) r ON true
        WHERE cu.id = ANY($1::uuid[])`,
      asOf ? [customerIds, asOf] : [customerIds],
    );
    for (const r of rows) {
      tiers.set(r.id, r.tier);
      if (r.persona) personas.add(r.id);
      const own: CaseCandidate[] = [];
      if (r.open_id) {
        own.push(
          candidate({
            id: r.open_id,
            case_number: r.open_number,
            customer_id: r.id,
            status: 'open',
            category: r.open_category,
            resolved_at: null,
          }),
        );
      }
      if (r.resolved_id) {
        own.push(
          candidate({
            id: r.resolved_id,
            case_number: r.resolved_number,
            customer_id: r.id,
            status: 'resolved',
            category: r.resolved_category,
            resolved_at: r.resolved_at,
          }),
        );
      }
      if (own.length > 0) cases.set(r.id, own);
    }
    return { tiers, cases, personas };
  }
}
