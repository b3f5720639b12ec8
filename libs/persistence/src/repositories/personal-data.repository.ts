import type { Database } from '../database';

export interface ErasureCounts {
  /** The customer and the personas merged into them. */
  customers: number;
  identities: number;
  identifiers: number;
  interactions: number;
  events: number;
  replies: number;
  /** Audit-log entries of merges that named the person, whose free-text reason was redacted. */
  auditEntries: number;
}

export interface ErasureRecord {
  id: string;
  customerId: string;
  requestedBy: string;
  erasedAt: Date;
  erased: ErasureCounts;
}

/**
 * Keys of an interaction's decision that say how it was routed, not who wrote it: the identity,
 * identifiers (emails, phone numbers), candidates and summary go.
 */
const KEPT_DECISION_KEYS = [
  'rule',
  'ruleSetVersion',
  'rulesFired',
  'tags',
  'sentiment',
  'language',
];

/**
 * Erases a customer's personal data (right to erasure) and keeps what is anonymous: cases,
 * work items, SLA events and the interaction rows themselves (time, channel, platform, category,
 * tags, sentiment), so counts per day, categories and SLA outcomes stay true. Its statements
 * must commit together: call it inside the caller's unit of work (`EraseCustomer` owns it).
 * Running it again erases nothing more and is recorded again.
 */
/** The erasure's statements: seven redactions and the erasure record. */
const ERASURE_STEPS = 8;

export class PersonalDataRepository {
  constructor(private readonly db: Database) {}

  /**
   * Null when no such customer exists. `onProgress(done, total)` is told after each of the
   * erasure's statements, for a CLI's progress bar.
   */
  async erase(
    customerId: string,
    requestedBy: string,
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<ErasureRecord | null> {
    const steps = ERASURE_STEPS;
    let done = 0;
    // The customer and every persona merged into them, at any depth: they are one person.
    const people = await this.db.rows<{ id: string }>(
      `WITH RECURSIVE person(id) AS (
         SELECT id FROM customers WHERE id = $1
         UNION SELECT c.id FROM customers c JOIN person p ON c.merged_into = p.id)
       SELECT id FROM customers WHERE id IN (SELECT id FROM person) ORDER BY id FOR UPDATE`,
      [customerId],
    );
    if (people.length === 0) return null;
    const ids = people.map((p) => p.id);
    const count = async (sql: string) => {
      const { affected } = await this.db.execute(sql, [ids]);
      onProgress((done += 1), steps);
      return affected;
    };
    const erased: ErasureCounts = {
      customers: await count(
        `UPDATE customers SET display_name = NULL, crm_id = NULL, merge_evidence = NULL, erased_at = now()
          WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
      ),
      identities: await count(
        `DELETE FROM customer_identities WHERE customer_id = ANY($1::uuid[])`,
      ),
      identifiers: await count(
        `DELETE FROM customer_identifiers WHERE customer_id = ANY($1::uuid[])`,
      ),
      // The post id links to the person's public post, so it goes too (made unique again).
      interactions: await count(
        `UPDATE interactions
            SET text = '', author_id = NULL, conversation_id = NULL, payload = '{}'::jsonb,
                external_id = 'erased-' || id,
                decision = jsonb_strip_nulls(jsonb_build_object(${KEPT_DECISION_KEYS.map(
                  (k) => `'${k}', decision->'${k}'`,
                ).join(', ')}, 'erased', true))
          WHERE customer_id = ANY($1::uuid[]) AND NOT (decision ? 'erased')`,
      ),
      // Case events name the post too; they now name its erased stand-in.
      events: await count(
        `UPDATE outbox o SET payload = o.payload || jsonb_build_object('externalId', i.external_id)
           FROM interactions i
          WHERE i.customer_id = ANY($1::uuid[]) AND o.payload->>'interactionId' = i.id::text
            AND o.payload->>'externalId' IS DISTINCT FROM i.external_id`,
      ),
      // Agents' internal notes on the person's cases ("promised Kim a waiver") go with the
      // replies, in the same statement (the count stays the replies').
      replies: await count(
        `WITH notes AS (
           UPDATE case_notes n SET body = '[erased]'
             FROM cases c
            WHERE c.id = n.case_id AND c.customer_id = ANY($1::uuid[]) AND n.body <> '[erased]')
         UPDATE replies r SET text = '', error = NULL
           FROM cases c
          WHERE c.id = r.case_id AND c.customer_id = ANY($1::uuid[]) AND r.text <> ''`,
      ),
      // A merge's reason is free text an admin typed ("same person, email kim@…"): redacted in
      // the audit entries of merges from or into the person; who merged what, and when, stays.
      auditEntries: await count(
        `UPDATE audit_log
            SET "after" = jsonb_set("after", '{reason}', '"[erased]"')
          WHERE entity = 'customers' AND action = 'merge'
            AND ("after" ? 'reason') AND "after"->>'reason' <> '[erased]'
            AND (entity_id = ANY($1::text[]) OR "after"->>'intoCustomerId' = ANY($1::text[]))`,
      ),
    };
    const row = await this.db.one<{ id: string; erased_at: Date }>(
      `INSERT INTO personal_data_erasures (customer_id, requested_by, erased)
       VALUES ($1, $2, $3) RETURNING id, erased_at`,
      [customerId, requestedBy, JSON.stringify(erased)],
    );
    onProgress((done += 1), steps);
    return { id: row!.id, customerId, requestedBy, erasedAt: row!.erased_at, erased };
  }
}
