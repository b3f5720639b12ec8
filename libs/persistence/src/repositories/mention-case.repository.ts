import type { CaseEvent, SocialMention } from '@scb/contracts';
import {
  postKey,
  type IdentityRow,
  type LearntIdentifierRow,
  type InteractionRow,
  type MatchingSnapshot,
  type OpenedCaseRow,
  type PersonaRow,
  type SnapshotLookups,
  type StoredCase,
} from '@scb/matching';
import type { Database } from '../database';
import { lockKeys } from './advisory-locks';
import { pendingHandleKey } from './crm-import.repository';
import { MatchingSnapshotLoader } from './matching-snapshot.loader';

// The batch's shapes live with the domain; re-exported for the callers that import them here.
export type { IncomingMention, MatchDecisionOutcome, MentionBatchResult } from '@scb/matching';

interface CaseRow {
  id: string;
  case_number: string;
  priority: number;
  category: string | null;
}

const storedCase = (row: CaseRow): StoredCase => ({
  id: row.id,
  caseNumber: row.case_number,
  priority: row.priority,
  category: row.category,
});

/**
 * Reads and writes what the matcher records for a batch of mentions, each step one set-based
 * statement for the whole batch (`unnest` arrays, `jsonb_to_recordset`): the posts already stored,
 * the matching snapshot, personas and identities, cases, interactions and the case events
 * (outbox). It decides nothing and owns no transaction: every method joins the caller's unit of
 * work (`RecordMentionBatch` in the matcher runs them in one).
 */
export class MentionCaseRepository {
  private readonly snapshots: MatchingSnapshotLoader;

  constructor(
    private readonly db: Database,
    private readonly caseEventsTopic: string,
  ) {
    this.snapshots = new MatchingSnapshotLoader(db);
  }

  /**
   * Takes transaction-scoped advisory locks on `keys` (authors, customer parties) in a stable
   * order, so two matchers working on the same author serialise. Needs a unit of work.
   */
  async lockAuthors(keys: string[]): Promise<void> {
    await lockKeys(this.db.manager, keys);
  }

  /** The `platform:externalId` keys of these posts that are already stored as interactions. */
  async storedPosts(mentions: SocialMention[]): Promise<Set<string>> {
    if (mentions.length === 0) return new Set();
    const rows = await this.db.rows<{ platform: string; external_id: string }>(
      `SELECT platform, external_id FROM interactions
        WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [mentions.map((m) => m.platform), mentions.map((m) => m.externalId)],
    );
    return new Set(rows.map((r) => postKey(r.platform, r.external_id)));
  }

  /**
   * Accounts the CRM knows only by handle (`pendingHandleKey`) take the user id of the first
   * post their handle writes, so the author resolves to the CRM's customer from now on (one
   * statement; an account already on file under its user id is left alone). Call before
   * `loadSnapshot`, under the authors' locks.
   */
  async bindPendingHandles(mentions: SocialMention[]): Promise<void> {
    const withHandle = mentions.filter((m) => m.authorHandle && m.direction === 'inbound');
    if (withHandle.length === 0) return;
    await this.db.execute(
      `UPDATE customer_identities ci
          SET external_user_id = t.u, handle = coalesce(ci.handle, t.h),
              evidence = coalesce(ci.evidence, '{}'::jsonb) || jsonb_build_object('userIdLearntFrom', t.e)
         FROM (SELECT DISTINCT ON (p, k) * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                 AS x(p, k, u, h, e)) t
        WHERE ci.platform = t.p AND ci.external_user_id = t.k
          AND NOT EXISTS (SELECT 1 FROM customer_identities o WHERE o.platform = t.p AND o.external_user_id = t.u)`,
      [
        withHandle.map((m) => m.platform),
        withHandle.map((m) => pendingHandleKey(m.authorHandle!)),
        withHandle.map((m) => m.authorId),
        withHandle.map((m) => m.authorHandle),
        withHandle.map((m) => m.externalId),
      ],
    );
  }

  /** What the matcher needs to decide these mentions (one statement per kind of fact). */
  loadSnapshot(mentions: SocialMention[], lookups: SnapshotLookups): Promise<MatchingSnapshot> {
    return this.snapshots.load(mentions, lookups);
  }

  /**
   * New personas become customers (`persona` true) and the authors' identities are stored, in
   * one statement (the customers' insert is a CTE; the identities' foreign key is checked at the
   * statement's end, so it sees them). Identities are observed (proven, the platform's) or
   * inferred with their evidence: a claim (trust `claimed`, source `matcher`) unless the admin's
   * identity policy auto-confirms its kind of evidence (`claimTrust` of @scb/cases, applied here
   * in the same statement so the hot path reads no policy row of its own).
   */
  async insertPersonasAndIdentities(
    personas: PersonaRow[],
    identities: IdentityRow[],
  ): Promise<void> {
    if (personas.length === 0 && identities.length === 0) return;
    // Each list as one JSON document: native serialisation, where a `jsonb[]` parameter (the
    // evidence) is escaped element by element in JavaScript by pg, and one round trip for both.
    await this.db.execute(
      `WITH personas AS (
         INSERT INTO customers (id, display_name, persona)
         SELECT "customerId", "displayName", true
           FROM jsonb_to_recordset($1::jsonb) AS p("customerId" uuid, "displayName" text))
       INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, display_name, link, evidence, trust, source)
       SELECT t."customerId", t.platform, t."externalUserId", t.handle, t."displayName", t.link, t.evidence,
              CASE WHEN t.link = 'inferred' AND NOT coalesce(t.evidence->>'kind' = ANY(policy.auto_confirm), false)
                   THEN 'claimed' ELSE 'proven' END,
              CASE WHEN t.link = 'inferred' THEN 'matcher' ELSE 'platform' END
         FROM jsonb_to_recordset($2::jsonb)
           AS t("customerId" uuid, platform text, "externalUserId" text, handle text, "displayName" text, link text, evidence jsonb)
         LEFT JOIN identity_policy policy ON policy.id = 1`,
      [JSON.stringify(personas), JSON.stringify(identities)],
    );
  }

  /**
   * Identifiers the batch's authors typed that were on file nowhere: claims of the author's
   * customer (source `matcher`). One typed meanwhile by another batch is left to its first owner.
   */
  async insertIdentifiers(learnt: LearntIdentifierRow[]): Promise<void> {
    if (learnt.length === 0) return;
    await this.db.execute(
      `INSERT INTO customer_identifiers (kind, value, customer_id, source, trust, evidence)
       SELECT k, v, c, 'matcher', 'claimed', e
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::jsonb[]) AS t(k, v, c, e)
       ON CONFLICT (kind, value) DO NOTHING`,
      [
        learnt.map((l) => l.kind),
        learnt.map((l) => l.value),
        learnt.map((l) => l.customerId),
        learnt.map((l) => JSON.stringify(l.evidence)),
      ],
    );
  }

  /** Inserts the opened cases (social origin); returns them with their new case numbers. */
  async insertCases(opened: OpenedCaseRow[]): Promise<StoredCase[]> {
    if (opened.length === 0) return [];
    const rows = await this.db.rows<CaseRow>(
      `INSERT INTO cases (id, customer_id, origin_channel, category, priority, follows_case_id)
       SELECT id, customer_id, 'social', category, priority, follows_case_id
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int2[], $5::uuid[])
              AS t(id, customer_id, category, priority, follows_case_id)
       RETURNING id, case_number, priority, category`,
      [
        opened.map((c) => c.caseId),
        opened.map((c) => c.customerId),
        opened.map((c) => c.category),
        opened.map((c) => c.priority),
        opened.map((c) => c.followsCaseId ?? null),
      ],
    );
    return rows.map(storedCase);
  }

  /** Touches the joined cases (reopening resolved ones); returns them as stored. */
  async touchCases(caseIds: string[]): Promise<StoredCase[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.db.rows<CaseRow>(
      `UPDATE cases SET last_activity_at = now(), status = 'open', resolved_at = NULL
        WHERE id = ANY($1::uuid[])
        RETURNING id, case_number, priority, category`,
      [caseIds],
    );
    return rows.map(storedCase);
  }

  /** The batch's interactions in one statement. */
  async insertInteractions(rows: InteractionRow[]): Promise<void> {
    if (rows.length === 0) return;
    // One JSON document for the whole batch: serializing it is native, where pg would escape
    // every element of fifteen arrays in JavaScript (the largest cost of the batch on the client).
    await this.db.execute(
      `INSERT INTO interactions (id, case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, published_at, decision, payload, ignored, rule_set_version, tags, conversation_id, removed_at, edited_at)
       SELECT id, case_id, customer_id, 'social', direction, platform, external_id, author_id, text, occurred_at, published_at, decision, payload, ignored, rule_set_version, tags, conversation_id, removed_at, edited_at
         FROM jsonb_to_recordset($1::jsonb)
           AS t(id uuid, case_id uuid, customer_id uuid, direction text, platform text, external_id text, author_id text, text text, occurred_at timestamptz, published_at timestamptz, decision jsonb, payload jsonb, ignored bool, rule_set_version int4, tags text[], conversation_id text, removed_at timestamptz, edited_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * The case events, into the outbox on the case-events topic (keyed by case id), each with the
   * traceparent of the work on its mention (`traceparents` by `platform:externalId`).
   */
  async insertCaseEvents(
    events: CaseEvent[],
    traceparents: ReadonlyMap<string, string | undefined>,
  ): Promise<void> {
    if (events.length === 0) return;
    // One JSON document for the batch (each event with its traceparent): a `jsonb[]` parameter
    // would be escaped element by element in JavaScript by pg. `jsonb_array_elements` keeps the
    // events' order, so the outbox ids (the relay's publishing order) follow it as before.
    await this.db.execute(
      `INSERT INTO outbox (event_id, topic, message_key, payload, traceparent)
       SELECT (x->'e'->>'eventId')::uuid, $2, x->'e'->>'caseId', x->'e', x->>'t'
         FROM jsonb_array_elements($1::jsonb) AS x`,
      [
        JSON.stringify(
          events.map((e) => ({
            e,
            t: traceparents.get(postKey(e.platform, e.externalId)) ?? null,
          })),
        ),
        this.caseEventsTopic,
      ],
    );
  }

  /**
   * Marks a stored post removed (`removed_at`, text kept). Idempotent.
   * @returns 1 when it changed the post, 0 when it was already removed or is not stored.
   */
  async markRemoved(mention: SocialMention): Promise<number> {
    const { affected } = await this.db.execute(
      `UPDATE interactions SET removed_at = $3
        WHERE platform = $1 AND external_id = $2 AND removed_at IS NULL`,
      [mention.platform, mention.externalId, mention.createdAt],
    );
    return affected;
  }

  /**
   * Applies an edit: the stored text moves into `revisions` (with the revision id it had) and the
   * new one takes its place. Idempotent: the same revision id (or the same text when the platform
   * gives none) changes nothing.
   * @returns 1 when it changed the post, else 0.
   */
  async applyEdit(mention: SocialMention): Promise<number> {
    const { affected } = await this.db.execute(
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
    return affected;
  }
}
