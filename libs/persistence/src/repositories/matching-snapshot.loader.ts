import type { EntityManager } from 'typeorm';
import { mentionKey, type SocialMention } from '@scb/contracts';
import {
  identifierKey,
  postKey,
  type CaseCandidate,
  type MatchingSnapshot,
  type SnapshotLookups,
} from '@scb/matching';

interface CaseRow {
  id: string;
  case_number: string;
  customer_id: string;
  status: 'open' | 'resolved';
  category: string | null;
  resolved_at: Date | null;
}

const CASE_COLUMNS = `c.id, c.case_number, c.customer_id, c.status, c.category, c.resolved_at`;

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
 * fact (identities, identifiers, named cases, reply threads, conversations, customers' cases),
 * whatever the batch size.
 */
export class MatchingSnapshotLoader {
  async load(
    tx: EntityManager,
    mentions: SocialMention[],
    lookups: SnapshotLookups,
  ): Promise<MatchingSnapshot> {
    const [customerByAuthor, customerByIdentifier, caseByNumber, caseByPost, caseByConversation] = [
      await this.identities(tx, mentions),
      await this.identifiers(tx, lookups),
      await this.namedCases(tx, lookups.caseNumbers),
      await this.posts(tx, mentions),
      await this.conversations(tx, mentions),
    ];
    const customerIds = new Set([...customerByAuthor.values(), ...customerByIdentifier.values()]);
    for (const c of caseByNumber.values()) customerIds.add(c.customerId);
    const { tiers, cases, personas } = await this.customers(tx, [...customerIds]);
    return {
      customerByAuthor,
      customerByIdentifier,
      caseByNumber,
      caseByPost,
      caseByConversation,
      tierByCustomer: tiers,
      casesByCustomer: cases,
      personas,
    };
  }

  private async identities(tx: EntityManager, mentions: SocialMention[]) {
    const authors = [...new Map(mentions.map((m) => [mentionKey(m), m])).values()];
    const rows: Array<{ platform: string; external_user_id: string; customer_id: string }> =
      await tx.query(
        `SELECT platform, external_user_id, customer_id FROM customer_identities
          WHERE (platform, external_user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [authors.map((m) => m.platform), authors.map((m) => m.authorId)],
      );
    return new Map(rows.map((r) => [`${r.platform}:${r.external_user_id}`, r.customer_id]));
  }

  private async identifiers(tx: EntityManager, lookups: SnapshotLookups) {
    if (lookups.identifiers.length === 0) return new Map<string, string>();
    const rows: Array<{ kind: 'email' | 'phone' | 'account'; value: string; customer_id: string }> =
      await tx.query(
        `SELECT kind, value, customer_id FROM customer_identifiers
          WHERE (kind, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [lookups.identifiers.map((i) => i.kind), lookups.identifiers.map((i) => i.value)],
      );
    return new Map(rows.map((r) => [identifierKey(r), r.customer_id]));
  }

  private async namedCases(tx: EntityManager, numbers: string[]) {
    if (numbers.length === 0) return new Map<string, CaseCandidate>();
    const rows: CaseRow[] = await tx.query(
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.case_number = ANY($1::text[])`,
      [numbers],
    );
    return new Map(rows.map((r) => [r.case_number, candidate(r)]));
  }

  /** Cases holding the posts these mentions reply to, or the root post of their conversation. */
  private async posts(tx: EntityManager, mentions: SocialMention[]) {
    const refs = mentions.flatMap((m) =>
      [m.inReplyToId, m.conversationId].flatMap((id) => (id ? [[m.platform, id]] : [])),
    );
    if (refs.length === 0) return new Map<string, CaseCandidate>();
    const rows: Array<CaseRow & { platform: string; external_id: string }> = await tx.query(
      `SELECT i.platform, i.external_id, ${CASE_COLUMNS}
         FROM interactions i JOIN cases c ON c.id = i.case_id
        WHERE (i.platform, i.external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [refs.map((r) => r[0]), refs.map((r) => r[1])],
    );
    return new Map(rows.map((r) => [postKey(r.platform, r.external_id), candidate(r)]));
  }

  /** The case that last took a post of each conversation (its root post counts too). */
  private async conversations(tx: EntityManager, mentions: SocialMention[]) {
    const refs = mentions.filter((m) => m.conversationId !== null);
    if (refs.length === 0) return new Map<string, CaseCandidate>();
    const rows: Array<CaseRow & { platform: string; conversation_id: string }> = await tx.query(
      `SELECT DISTINCT ON (i.platform, i.conversation_id) i.platform, i.conversation_id, ${CASE_COLUMNS}
         FROM interactions i JOIN cases c ON c.id = i.case_id
        WHERE (i.platform, i.conversation_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY i.platform, i.conversation_id, i.occurred_at DESC`,
      [refs.map((m) => m.platform), refs.map((m) => m.conversationId)],
    );
    const byConversation = new Map(
      rows.map((r) => [postKey(r.platform, r.conversation_id), candidate(r)]),
    );
    const roots = await this.posts(
      tx,
      refs.map((m) => ({ ...m, inReplyToId: null })),
    );
    for (const [key, root] of roots) if (!byConversation.has(key)) byConversation.set(key, root);
    return byConversation;
  }

  /** Tiers, and per customer the most recent open case then the most recently resolved one. */
  private async customers(tx: EntityManager, customerIds: string[]) {
    const tiers = new Map<string, string>();
    const cases = new Map<string, CaseCandidate[]>();
    const personas = new Set<string>();
    if (customerIds.length === 0) return { tiers, cases, personas };
    const tierRows: Array<{ id: string; tier: string; persona: boolean }> = await tx.query(
      `SELECT id, tier, persona AND merged_into IS NULL AS persona FROM customers WHERE id = ANY($1::uuid[])`,
      [customerIds],
    );
    for (const r of tierRows) {
      tiers.set(r.id, r.tier);
      if (r.persona) personas.add(r.id);
    }
    const caseRows: CaseRow[] = await tx.query(
      `(SELECT DISTINCT ON (c.customer_id) ${CASE_COLUMNS} FROM cases c
         WHERE c.status = 'open' AND c.customer_id = ANY($1::uuid[])
         ORDER BY c.customer_id, c.last_activity_at DESC)
       UNION ALL
       (SELECT DISTINCT ON (c.customer_id) ${CASE_COLUMNS} FROM cases c
         WHERE c.status = 'resolved' AND c.customer_id = ANY($1::uuid[])
         ORDER BY c.customer_id, c.resolved_at DESC)`,
      [customerIds],
    );
    const ordered = [...caseRows].sort((a, b) =>
      a.status === b.status ? 0 : a.status === 'open' ? -1 : 1,
    );
    for (const r of ordered)
      cases.set(r.customer_id, [...(cases.get(r.customer_id) ?? []), candidate(r)]);
    return { tiers, cases, personas };
  }
}
