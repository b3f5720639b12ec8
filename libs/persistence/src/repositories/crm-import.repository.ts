import { randomUUID } from 'node:crypto';
import type { CrmCustomer } from '@scb/contracts';
import { systemClock, type Clock } from '@scb/core';
import { normalizeIdentifier } from '@scb/matching';
import type { Database } from '../database';
import { lockKeys } from './advisory-locks';

/**
 * The stored user id of a platform account the CRM knows only by its handle: `@` and the handle
 * lower-cased (platform user ids are digits, so it never collides). The matcher replaces it with
 * the real user id the first time the account posts (`MentionCaseRepository.bindPendingHandles`).
 */
export const pendingHandleKey = (handle: string): string =>
  `@${handle.trim().replace(/^@/, '').toLowerCase()}`;

export interface CrmImportResult {
  customers: { created: number; updated: number };
  identities: { linked: number; alreadyLinked: number; heldByAnotherCustomer: string[] };
  identifiers: { added: number; rejected: string[] };
  cases: { created: number; updated: number };
}

/**
 * Bulk import of the CRM's customers, identities, identifiers and cases, so matching starts from
 * the company's existing cases. Idempotent on CRM ids: a second import updates, never duplicates.
 * An identity already held by another customer (usually a persona the matcher made) is reported,
 * not moved: moving it is a merge, which is an explicit decision.
 */
export class CrmImportRepository {
  /** `clock` stamps `resolved_at` of resolved CRM cases that come without one. */
  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * `onProgress(done, total)` is told after each of the import's steps (locks, customers,
   * identities, identifiers, cases), for a CLI's progress bar. Its statements must commit
   * together (the per-author locks last until then): call it inside the caller's unit of work
   * (`ImportCrmCustomers` owns it).
   */
  async import(
    records: CrmCustomer[],
    phoneDefaultCountry = 'US',
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<CrmImportResult> {
    const customers = [...new Map(records.map((r) => [r.crmId, r])).values()];
    let done = 0;
    const step = <T>(value: T): T => {
      onProgress((done += 1), 5);
      return value;
    };
    // A handle-only identity waits under its handle until the matcher sees the account post.
    const identities = customers.flatMap((c) =>
      c.identities.map((i) => ({
        ...i,
        externalUserId: i.externalUserId ?? pendingHandleKey(i.handle!),
        crmId: c.crmId,
      })),
    );
    // The matcher holds the same per-author locks while it creates personas.
    await lockKeys(
      this.db.manager,
      identities.map((i) => `${i.platform}:${i.externalUserId}`),
    );
    step(null);
    const ids = step(await this.upsertCustomers(customers));
    const result: CrmImportResult = {
      customers: ids.counts,
      identities: step(await this.linkIdentities(identities, ids.byCrmId)),
      identifiers: step(await this.addIdentifiers(customers, ids.byCrmId, phoneDefaultCountry)),
      cases: step(await this.upsertCases(customers, ids.byCrmId)),
    };
    return result;
  }

  private async upsertCustomers(customers: CrmCustomer[]) {
    const rows = await this.db.rows<{ id: string; crm_id: string; inserted: boolean }>(
      `INSERT INTO customers (id, crm_id, display_name, tier)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (crm_id) DO UPDATE SET display_name = EXCLUDED.display_name, tier = EXCLUDED.tier
       RETURNING id, crm_id, (xmax = 0) AS inserted`,
      [
        customers.map(() => randomUUID()),
        customers.map((c) => c.crmId),
        customers.map((c) => c.displayName),
        customers.map((c) => c.tier),
      ],
    );
    const created = rows.filter((r) => r.inserted).length;
    return {
      byCrmId: new Map(rows.map((r) => [r.crm_id, r.id])),
      counts: { created, updated: rows.length - created },
    };
  }

  private async linkIdentities(
    identities: Array<{
      platform: string;
      externalUserId: string;
      handle: string | null;
      crmId: string;
    }>,
    byCrmId: Map<string, string>,
  ): Promise<CrmImportResult['identities']> {
    if (identities.length === 0) return { linked: 0, alreadyLinked: 0, heldByAnotherCustomer: [] };
    const owners = identities.map((i) => byCrmId.get(i.crmId)!);
    const inserted = await this.db.rows(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, link)
       SELECT c, p, u, h, 'imported' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(c, p, u, h)
       ON CONFLICT (platform, external_user_id) DO NOTHING
       RETURNING id`,
      [
        owners,
        identities.map((i) => i.platform),
        identities.map((i) => i.externalUserId),
        identities.map((i) => i.handle),
      ],
    );
    const foreign = await this.db.rows<{ key: string }>(
      `SELECT ci.platform || ':' || ci.external_user_id AS key
         FROM customer_identities ci
         JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS t(c, p, u)
           ON ci.platform = t.p AND ci.external_user_id = t.u AND ci.customer_id <> t.c`,
      [owners, identities.map((i) => i.platform), identities.map((i) => i.externalUserId)],
    );
    return {
      linked: inserted.length,
      alreadyLinked: identities.length - inserted.length - foreign.length,
      heldByAnotherCustomer: foreign.map((f) => f.key),
    };
  }

  private async addIdentifiers(
    customers: CrmCustomer[],
    byCrmId: Map<string, string>,
    phoneDefaultCountry: string,
  ): Promise<CrmImportResult['identifiers']> {
    const rejected: string[] = [];
    const valid = customers.flatMap((c) =>
      c.identifiers.flatMap((i) => {
        const value = normalizeIdentifier(i.kind, i.value, phoneDefaultCountry);
        if (value === null) rejected.push(`${c.crmId}: ${i.kind} ${i.value}`);
        return value === null ? [] : [{ kind: i.kind, value, customerId: byCrmId.get(c.crmId)! }];
      }),
    );
    if (valid.length === 0) return { added: 0, rejected };
    const inserted = await this.db.rows(
      `INSERT INTO customer_identifiers (kind, value, customer_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[])
       ON CONFLICT (kind, value) DO NOTHING RETURNING kind`,
      [valid.map((v) => v.kind), valid.map((v) => v.value), valid.map((v) => v.customerId)],
    );
    return { added: inserted.length, rejected };
  }

  private async upsertCases(
    customers: CrmCustomer[],
    byCrmId: Map<string, string>,
  ): Promise<CrmImportResult['cases']> {
    const cases = [
      ...new Map(
        customers.flatMap((c) =>
          c.cases.map((k) => [k.crmCaseId, { ...k, customerId: byCrmId.get(c.crmId)! }] as const),
        ),
      ).values(),
    ];
    if (cases.length === 0) return { created: 0, updated: 0 };
    const importedAt = this.clock.now().toISOString();
    const rows = await this.db.rows<{ inserted: boolean }>(
      `INSERT INTO cases (id, crm_case_id, customer_id, origin_channel, status, category, priority, resolved_at)
       SELECT id, crm, customer, 'phone', status, category, priority, resolved
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::int2[], $7::timestamptz[])
           AS t(id, crm, customer, status, category, priority, resolved)
       ON CONFLICT (crm_case_id) DO UPDATE SET status = EXCLUDED.status, category = EXCLUDED.category,
         priority = EXCLUDED.priority, resolved_at = EXCLUDED.resolved_at
       RETURNING (xmax = 0) AS inserted`,
      [
        cases.map(() => randomUUID()),
        cases.map((k) => k.crmCaseId),
        cases.map((k) => k.customerId),
        cases.map((k) => k.status),
        cases.map((k) => k.category),
        cases.map((k) => k.priority),
        cases.map((k) => (k.status === 'resolved' ? (k.resolvedAt ?? importedAt) : null)),
      ],
    );
    const created = rows.filter((r) => r.inserted).length;
    return { created, updated: rows.length - created };
  }
}
