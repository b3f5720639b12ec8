import type { Database } from '../database';
import type { TimelineEntry } from './case-timeline.repository';
import { timelineEntriesSql } from './timeline-entries.sql';

/**
 * One identity of the customer's identity graph (docs/identity.md): a platform account
 * (`customer_identities`: `kind` is the platform) or an identifier (`customer_identifiers`:
 * `kind` phone, email, account, order, crm-id), plus the customer's CRM id.
 */
export interface CustomerIdentityView {
  /** The identity's id (for `POST /v1/customers/:id/identities/:identityId/confirm|detach`). */
  id: string | null;
  kind: string;
  /** E.164 for phones, lower-case emails, the handle (else the platform's user id) for accounts. */
  value: string;
  platform: string | null;
  externalId: string | null;
  handle: string | null;
  /** `proven` or `claimed` (an unverified link: see `evidence`). */
  trust: 'proven' | 'claimed';
  /** Who taught us: `platform`, `phone-network`, `matcher`, `crm`, `agent`. */
  source: string;
  /** Platform accounts: how the account was linked (`observed`, `inferred`, `imported`). */
  link: string | null;
  /** Why a claimed (or confirmed) link was made: the identifier and the post it was found in. */
  evidence: unknown;
  since: Date;
  /** When it was learnt (= `since`). */
  learntAt: Date;
}

export interface CustomerListItem {
  id: string;
  displayName: string | null;
  tier: string;
  crmId: string | null;
  persona: boolean;
  erased: boolean;
  identities: CustomerIdentityView[];
  cases: { open: number; total: number };
  lastActivityAt: Date | null;
}

/** What a customer search looks for; each field already normalised (null: not applicable). */
export interface CustomerSearchCriteria {
  /** `to_tsquery('simple')` prefix query over names (`ana:* & lop:*`). */
  namePrefix: string | null;
  /** The text as typed, trimmed: a CRM id or a platform user id. */
  exact: string | null;
  handle: string | null;
  phone: string | null;
  email: string | null;
  account: string | null;
  limit: number;
  offset: number;
}

export interface CustomerCase {
  id: string;
  caseNumber: string;
  status: string;
  originChannel: string;
  priority: number;
  category: string | null;
  openedAt: Date;
  lastActivityAt: Date;
  resolvedAt: Date | null;
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
}

export interface CustomerTimelineEntry extends TimelineEntry {
  caseId: string;
  caseNumber: string;
}

export interface CustomerProfile extends Omit<CustomerListItem, 'cases'> {
  createdAt: Date;
  /** Set on a merged customer: the customer it now is (its cases and identities moved there). */
  mergedInto: string | null;
  cases: CustomerCase[];
  /** The newest `TIMELINE_LIMIT` entries across all the customer's cases, oldest first. */
  timeline: CustomerTimelineEntry[];
  timelineTruncated: boolean;
}

/** The port of the customer use cases. */
export interface CustomerDirectory {
  search(criteria: CustomerSearchCriteria): Promise<{ total: number; items: CustomerListItem[] }>;
  profile(id: string): Promise<CustomerProfile | null>;
}

export const TIMELINE_LIMIT = 500;

const IDENTITIES = (customer: string) => `(
  SELECT coalesce(jsonb_agg(x ORDER BY x.since, x.kind, x.value), '[]'::jsonb) FROM (
    SELECT ci.id, ci.platform AS kind, coalesce(ci.handle, ci.external_user_id) AS value,
           ci.platform, ci.external_user_id AS "externalId", ci.handle, ci.trust, ci.source,
           ci.link, ci.evidence, ci.created_at AS since
      FROM customer_identities ci WHERE ci.customer_id = ${customer}
    UNION ALL
    SELECT k.id, k.kind, k.value, NULL, NULL, NULL, k.trust, k.source, NULL, k.evidence, k.created_at
      FROM customer_identifiers k WHERE k.customer_id = ${customer}
    UNION ALL
    SELECT NULL, 'crm-id', own.crm_id, NULL, NULL, NULL, 'proven', 'crm', NULL, NULL, own.created_at
      FROM customers own WHERE own.id = ${customer} AND own.crm_id IS NOT NULL) x)`;

interface CustomerRow {
  id: string;
  display_name: string | null;
  tier: string;
  crm_id: string | null;
  persona: boolean;
  erased_at: Date | null;
  identities: Array<Omit<CustomerIdentityView, 'since' | 'learntAt'> & { since: string }>;
}

const identitiesOf = (row: CustomerRow): CustomerIdentityView[] =>
  row.identities.map((i) => ({ ...i, since: new Date(i.since), learntAt: new Date(i.since) }));

/** Customer search and the customer 360 (identities, cases, one timeline across them). */
export class CustomerDirectoryRepository implements CustomerDirectory {
  constructor(private readonly db: Database) {}

  /** Customers (merged ones left out) matching any of the criteria, by name; one statement. */
  async search(
    criteria: CustomerSearchCriteria,
  ): Promise<{ total: number; items: CustomerListItem[] }> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const any: string[] = [];
    if (criteria.namePrefix)
      any.push(
        `SELECT id FROM customers WHERE search_name @@ to_tsquery('simple', ${param(criteria.namePrefix)})`,
      );
    if (criteria.exact) {
      const e = param(criteria.exact);
      any.push(`SELECT id FROM customers WHERE crm_id = ${e}`);
      any.push(`SELECT customer_id FROM customer_identities WHERE external_user_id = ${e}`);
    }
    if (criteria.handle)
      any.push(
        `SELECT customer_id FROM customer_identities WHERE lower(ltrim(handle, '@')) = ${param(criteria.handle)}`,
      );
    if (criteria.phone) {
      const p = param(criteria.phone);
      any.push(
        `SELECT customer_id FROM customer_identifiers WHERE kind = 'phone' AND value = ${p}`,
      );
    }
    if (criteria.email)
      any.push(
        `SELECT customer_id FROM customer_identifiers WHERE kind = 'email' AND value = ${param(criteria.email)}`,
      );
    if (criteria.account)
      any.push(
        `SELECT customer_id FROM customer_identifiers WHERE kind = 'account' AND value = ${param(criteria.account)}`,
      );
    const rows = await this.db.rows<
      CustomerRow & { open: string; cases: string; last_activity_at: Date | null; total: string }
    >(
      `WITH matched AS (
         SELECT cu.id, cu.display_name, cu.tier, cu.crm_id, cu.persona, cu.erased_at
           FROM customers cu
          WHERE cu.merged_into IS NULL ${any.length ? `AND cu.id IN (${any.join(' UNION ')})` : ''}),
       page AS (SELECT * FROM matched ORDER BY lower(display_name) NULLS LAST, id
                 LIMIT ${param(criteria.limit)} OFFSET ${param(criteria.offset)})
       SELECT p.*, (SELECT count(*) FROM matched) AS total, ${IDENTITIES('p.id')} AS identities,
              s.open, s.cases, s.last_activity_at
         FROM page p
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE k.status = 'open') AS open, count(*) AS cases,
                  max(k.last_activity_at) AS last_activity_at
             FROM cases k WHERE k.customer_id = p.id) s
        ORDER BY lower(p.display_name) NULLS LAST, p.id`,
      params,
    );
    const total = rows.length
      ? Number(rows[0].total)
      : criteria.offset > 0
        ? // A page past the end carries no total: count alone.
          Number(
            (await this.db.one<{ total: string }>(
              `SELECT count(*) AS total FROM customers cu WHERE cu.merged_into IS NULL ${any.length ? `AND cu.id IN (${any.join(' UNION ')})` : ''}`,
              params.slice(0, -2),
            ))!.total,
          )
        : 0;
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        displayName: r.display_name,
        tier: r.tier,
        crmId: r.crm_id,
        persona: r.persona,
        erased: r.erased_at !== null,
        identities: identitiesOf(r),
        cases: { open: Number(r.open), total: Number(r.cases) },
        lastActivityAt: r.last_activity_at,
      })),
    };
  }

  /** The customer with identities, cases (newest activity first) and timeline; three statements. */
  async profile(id: string): Promise<CustomerProfile | null> {
    const customer = await this.db.one<
      CustomerRow & { created_at: Date; merged_into: string | null }
    >(
      `SELECT cu.id, cu.display_name, cu.tier, cu.crm_id, cu.persona, cu.erased_at, cu.created_at,
              cu.merged_into, ${IDENTITIES('cu.id')} AS identities
         FROM customers cu WHERE cu.id = $1`,
      [id],
    );
    if (!customer) return null;
    const cases = await this.db.rows<CustomerCase & { work: CustomerCase['workItem'] }>(
      `SELECT c.id, c.case_number AS "caseNumber", c.status, c.origin_channel AS "originChannel",
              c.priority, c.category, c.opened_at AS "openedAt",
              c.last_activity_at AS "lastActivityAt", c.resolved_at AS "resolvedAt",
              CASE WHEN w.id IS NULL THEN NULL ELSE jsonb_build_object('id', w.id,
                'queue', w.queue_name, 'status', w.status, 'agentId', w.agent_id) END AS work
         FROM cases c
         LEFT JOIN LATERAL (SELECT * FROM work_items wi WHERE wi.case_id = c.id
                             ORDER BY (wi.status <> 'completed') DESC, wi.created_at DESC LIMIT 1) w ON true
        WHERE c.customer_id = $1
        ORDER BY c.last_activity_at DESC, c.id`,
      [id],
    );
    const entries = await this.db.rows<CustomerTimelineEntry>(
      `${timelineEntriesSql('IN (SELECT id FROM cases WHERE customer_id = $1)', true)}
       ORDER BY at DESC, id DESC LIMIT $2`,
      [id, TIMELINE_LIMIT + 1],
    );
    return {
      id: customer.id,
      displayName: customer.display_name,
      tier: customer.tier,
      crmId: customer.crm_id,
      persona: customer.persona,
      erased: customer.erased_at !== null,
      createdAt: customer.created_at,
      mergedInto: customer.merged_into,
      identities: identitiesOf(customer),
      lastActivityAt: cases[0]?.lastActivityAt ?? null,
      cases: cases.map(({ work, ...c }) => ({ ...c, workItem: work })),
      timeline: entries.slice(0, TIMELINE_LIMIT).reverse(),
      timelineTruncated: entries.length > TIMELINE_LIMIT,
    };
  }
}
