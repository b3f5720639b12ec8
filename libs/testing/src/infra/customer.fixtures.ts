import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface CustomerSeed {
  tier?: string;
  identity?: { platform: string; externalUserId: string };
  identifiers?: Array<{ kind: 'email' | 'phone' | 'account'; value: string }>;
  cases?: Array<{ status?: 'open' | 'resolved'; resolvedAt?: Date; category?: string }>;
}

/** Writes a customer as the CRM would know it: identity, identifiers on file, existing cases. */
export async function seedCustomer(
  dataSource: DataSource,
  seed: CustomerSeed = {},
): Promise<{ customerId: string; cases: Array<{ id: string; caseNumber: string }> }> {
  const customerId = randomUUID();
  await dataSource.query(`INSERT INTO customers (id, display_name, tier) VALUES ($1, $2, $3)`, [
    customerId,
    'Seeded customer',
    seed.tier ?? 'standard',
  ]);
  if (seed.identity) {
    await dataSource.query(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, link) VALUES ($1, $2, $3, 'imported')`,
      [customerId, seed.identity.platform, seed.identity.externalUserId],
    );
  }
  for (const identifier of seed.identifiers ?? []) {
    await dataSource.query(
      `INSERT INTO customer_identifiers (kind, value, customer_id) VALUES ($1, $2, $3)`,
      [identifier.kind, identifier.value, customerId],
    );
  }
  const cases = [];
  for (const c of seed.cases ?? []) {
    const [row]: Array<{ id: string; case_number: string }> = await dataSource.query(
      `INSERT INTO cases (id, customer_id, origin_channel, status, category, resolved_at)
       VALUES ($1, $2, 'phone', $3, $4, $5) RETURNING id, case_number`,
      [randomUUID(), customerId, c.status ?? 'open', c.category ?? null, c.resolvedAt ?? null],
    );
    cases.push({ id: row.id, caseNumber: row.case_number });
  }
  return { customerId, cases };
}
