import { randomUUID } from 'node:crypto';
import type { IdentityPolicy, IdentityTrust } from '@scb/cases';
import type { Database } from '../database';
import { lockKeys } from './advisory-locks';

/**
 * One identity of a customer's identity graph (docs/identity.md), wherever it is stored: a
 * platform account (`store` `account`: `customer_identities`, it authors posts) or an
 * identifier (`store` `identifier`: `customer_identifiers`: phone, email, account, order, CRM id).
 */
export interface StoredIdentity {
  id: string;
  customerId: string;
  store: 'account' | 'identifier';
  /** The platform for accounts (`x`, `facebook`, `instagram`), else the identifier's kind. */
  kind: string;
  /** The platform's user id for accounts; the normalized identifier otherwise. */
  value: string;
  handle: string | null;
  trust: IdentityTrust;
  /** `platform`, `crm`, `phone-network`, `matcher` or `agent`. */
  source: string;
  /** How a claim was made (identifier and post), and who confirmed it; null for most proven ones. */
  evidence: Record<string, unknown> | null;
  learntAt: Date;
}

/** What detaching a claimed account did: the persona it is now, and the case its posts moved to. */
export interface DetachedAccount {
  personaId: string;
  /** Null when the account had no posts on the customer's cases. */
  case: { id: string; caseNumber: string; priority: number; category: string | null } | null;
  movedInteractions: number;
}

interface IdentityRow {
  id: string;
  customer_id: string;
  store: 'account' | 'identifier';
  kind: string;
  value: string;
  handle: string | null;
  trust: IdentityTrust;
  source: string;
  evidence: Record<string, unknown> | null;
  created_at: Date;
}

const stored = (r: IdentityRow): StoredIdentity => ({
  id: r.id,
  customerId: r.customer_id,
  store: r.store,
  kind: r.kind,
  value: r.value,
  handle: r.handle,
  trust: r.trust,
  source: r.source,
  evidence: r.evidence,
  learntAt: r.created_at,
});

const BOTH_STORES = `
  SELECT id, customer_id, 'account' AS store, platform AS kind, external_user_id AS value, handle,
         trust, source, evidence, created_at
    FROM customer_identities
  UNION ALL
  SELECT id, customer_id, 'identifier', kind, value, NULL, trust, source, evidence, created_at
    FROM customer_identifiers`;

/**
 * Reads and writes the identity graph: one place to read a customer's identities whoever wrote
 * them (phone network, CRM import, matcher, agent), the agent's confirm and detach of a claim,
 * and the admin's auto-confirm policy. Call inside the caller's unit of work.
 */
export class CustomerIdentityRepository {
  constructor(private readonly db: Database) {}

  /** Every identity of the customer, oldest first. */
  async identitiesOf(customerId: string): Promise<StoredIdentity[]> {
    const rows = await this.db.rows<IdentityRow>(
      `SELECT * FROM (${BOTH_STORES}) x WHERE customer_id = $1 ORDER BY created_at, kind, value`,
      [customerId],
    );
    return rows.map(stored);
  }

  /** The customer's state: null when unknown; `mergedInto` set for a merged-away tombstone. */
  async customer(customerId: string): Promise<{ mergedInto: string | null } | null> {
    const row = await this.db.one<{ merged_into: string | null }>(
      `SELECT merged_into FROM customers WHERE id = $1 FOR UPDATE`,
      [customerId],
    );
    return row ? { mergedInto: row.merged_into } : null;
  }

  /** The identity `identityId` if it is the customer's, locked for the decision; else null. */
  async find(customerId: string, identityId: string): Promise<StoredIdentity | null> {
    const [account] = await this.db.rows<IdentityRow>(
      `SELECT id, customer_id, 'account' AS store, platform AS kind, external_user_id AS value,
              handle, trust, source, evidence, created_at
         FROM customer_identities WHERE id = $1 AND customer_id = $2 FOR UPDATE`,
      [identityId, customerId],
    );
    if (account) return stored(account);
    const [identifier] = await this.db.rows<IdentityRow>(
      `SELECT id, customer_id, 'identifier' AS store, kind, value, NULL AS handle, trust, source,
              evidence, created_at
         FROM customer_identifiers WHERE id = $1 AND customer_id = $2 FOR UPDATE`,
      [identityId, customerId],
    );
    return identifier ? stored(identifier) : null;
  }

  /** The agents holding (assigned the active work item of) a case of the customer. */
  async holders(customerId: string): Promise<string[]> {
    const rows = await this.db.rows<{ agent_id: string }>(
      `SELECT DISTINCT w.agent_id FROM work_items w JOIN cases c ON c.id = w.case_id
        WHERE c.customer_id = $1 AND w.status = 'assigned' AND w.agent_id IS NOT NULL`,
      [customerId],
    );
    return rows.map((r) => r.agent_id);
  }

  /** Makes a claim proven by an agent (source `agent`), keeping its evidence and the confirmation. */
  async confirm(
    identity: StoredIdentity,
    confirmation: { by: string; at: Date },
  ): Promise<StoredIdentity> {
    const table = identity.store === 'account' ? 'customer_identities' : 'customer_identifiers';
    await this.db.execute(
      `UPDATE ${table} SET trust = 'proven', source = 'agent',
              evidence = coalesce(evidence, '{}'::jsonb) || jsonb_build_object('confirmedBy', $2::text, 'confirmedAt', $3::timestamptz)
        WHERE id = $1`,
      [identity.id, confirmation.by, confirmation.at.toISOString()],
    );
    return (await this.find(identity.customerId, identity.id))!;
  }

  /**
   * Adds an identifier an agent learnt (proven, source `agent`) to the customer. Returns the
   * identity, `created` false when the customer already had it; null when another customer
   * holds it (moving it is a merge, an explicit decision).
   */
  async addIdentifier(
    customerId: string,
    identifier: { kind: string; value: string; evidence: Record<string, unknown> },
  ): Promise<{ identity: StoredIdentity; created: boolean } | null> {
    const inserted = await this.db.rows<{ id: string }>(
      `INSERT INTO customer_identifiers (kind, value, customer_id, source, trust, evidence)
       VALUES ($1, $2, $3, 'agent', 'proven', $4)
       ON CONFLICT (kind, value) DO NOTHING RETURNING id`,
      [identifier.kind, identifier.value, customerId, JSON.stringify(identifier.evidence)],
    );
    const [held] = await this.db.rows<IdentityRow>(
      `SELECT id, customer_id, 'identifier' AS store, kind, value, NULL AS handle, trust, source,
              evidence, created_at
         FROM customer_identifiers WHERE kind = $1 AND value = $2`,
      [identifier.kind, identifier.value],
    );
    if (held.customer_id !== customerId) return null;
    return { identity: stored(held), created: inserted.length > 0 };
  }

  /** A claimed identifier is no longer the customer's: it is forgotten (it resolves to no one). */
  async forgetIdentifier(identity: StoredIdentity): Promise<void> {
    await this.db.execute(`DELETE FROM customer_identifiers WHERE id = $1`, [identity.id]);
  }

  /**
   * Detaches a claimed platform account from the customer: it becomes a persona of its own (its
   * observed, proven account, the claim kept in `evidence.detachedFrom`), and its inbound posts
   * on the customer's cases move to one new case of that persona (priority and category of the
   * newest case they were on), so the customer's cases no longer show them. The author's
   * advisory lock is taken first, as the matcher takes it.
   */
  async detachAccount(identity: StoredIdentity, at: Date): Promise<DetachedAccount> {
    await lockKeys(this.db.manager, [`${identity.kind}:${identity.value}`]);
    const personaId = randomUUID();
    await this.db.execute(
      `INSERT INTO customers (id, display_name, persona)
       SELECT $1, coalesce(display_name, handle, external_user_id), true
         FROM customer_identities WHERE id = $2`,
      [personaId, identity.id],
    );
    await this.db.execute(
      `UPDATE customer_identities
          SET customer_id = $2, link = 'observed', trust = 'proven', source = 'platform',
              evidence = jsonb_build_object('detachedFrom', $3::uuid, 'detachedAt', $4::timestamptz, 'claim', evidence)
        WHERE id = $1`,
      [identity.id, personaId, identity.customerId, at.toISOString()],
    );
    const posts = await this.db.rows<{ priority: number; category: string | null }>(
      `SELECT c.priority, c.category FROM interactions i JOIN cases c ON c.id = i.case_id
        WHERE i.customer_id = $1 AND i.platform = $2 AND i.author_id = $3 AND i.direction = 'inbound'
        ORDER BY i.occurred_at DESC LIMIT 1`,
      [identity.customerId, identity.kind, identity.value],
    );
    if (posts.length === 0) return { personaId, case: null, movedInteractions: 0 };
    const caseId = randomUUID();
    const [opened] = await this.db.rows<{ case_number: string }>(
      `INSERT INTO cases (id, customer_id, origin_channel, category, priority, opened_at, last_activity_at)
       VALUES ($1, $2, 'social', $3, $4, $5, $5) RETURNING case_number`,
      [caseId, personaId, posts[0].category, posts[0].priority, at.toISOString()],
    );
    const { affected } = await this.db.execute(
      `UPDATE interactions SET case_id = $4, customer_id = $5
        WHERE customer_id = $1 AND platform = $2 AND author_id = $3 AND direction = 'inbound'`,
      [identity.customerId, identity.kind, identity.value, caseId, personaId],
    );
    return {
      personaId,
      case: {
        id: caseId,
        caseNumber: opened.case_number,
        priority: posts[0].priority,
        category: posts[0].category,
      },
      movedInteractions: affected,
    };
  }

  /** Queues a social case's first work item, routed by `choice`; returns its id. */
  async queueCase(
    caseId: string,
    choice: { queue: string; priority: number; explanation: string; requiredSkills: string[] },
  ): Promise<string> {
    const [row] = await this.db.rows<{ id: string }>(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, required_skills, queued_at)
       VALUES ($1, $2, 'social', $3, $4, $5, now()) RETURNING id`,
      [caseId, choice.queue, choice.priority, choice.explanation, choice.requiredSkills],
    );
    return row.id;
  }

  /** The admin's auto-confirm policy. */
  async policy(): Promise<IdentityPolicy & { updatedAt: Date | null }> {
    const row = await this.db.one<{ auto_confirm: string[]; updated_at: Date }>(
      `SELECT auto_confirm, updated_at FROM identity_policy WHERE id = 1`,
    );
    return {
      autoConfirm: (row?.auto_confirm ?? []) as IdentityPolicy['autoConfirm'],
      updatedAt: row?.updated_at ?? null,
    };
  }

  /** Replaces the policy; applies to claims made from now on. */
  async setPolicy(policy: IdentityPolicy, at: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO identity_policy (id, auto_confirm, updated_at) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET auto_confirm = EXCLUDED.auto_confirm, updated_at = EXCLUDED.updated_at`,
      [policy.autoConfirm, at.toISOString()],
    );
  }
}
