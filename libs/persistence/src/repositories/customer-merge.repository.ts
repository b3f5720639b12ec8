import type { DataSource, EntityManager } from 'typeorm';
import { lockKeys } from './advisory-locks';

export interface MergeEvidence {
  /** `email`, `phone`, `account`, `case-number`, or `manual` for an admin's decision. */
  kind: string;
  value: string;
  note?: string;
}

export interface MergeResult {
  identities: number;
  identifiers: number;
  cases: number;
  interactions: number;
}

/** Why a merge was refused: `not-found` when a customer is missing, `conflict` otherwise. */
export class CustomerMergeRefused extends Error {
  constructor(
    readonly reason: 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Merges a customer (usually a persona the matcher made) into another, inside the caller's
 * transaction: identities, identifiers, cases and interactions follow, the identities the persona
 * had only observed become inferred with the evidence, and the persona stays as a tombstone
 * (`merged_into`) so old references still resolve. The authors' advisory locks are taken first,
 * so no matcher batch for those authors runs in between.
 */
export async function mergeCustomer(
  tx: EntityManager,
  fromId: string,
  intoId: string,
  evidence: MergeEvidence,
): Promise<MergeResult> {
  if (fromId === intoId)
    throw new CustomerMergeRefused('conflict', 'cannot merge a customer into itself');
  const authors: Array<{ key: string }> = await tx.query(
    `SELECT platform || ':' || external_user_id AS key FROM customer_identities WHERE customer_id = $1`,
    [fromId],
  );
  await lockKeys(
    tx,
    authors.map((a) => a.key),
  );
  const customers: Array<{ id: string; merged_into: string | null }> = await tx.query(
    `SELECT id, merged_into FROM customers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [[fromId, intoId]],
  );
  if (customers.length !== 2)
    throw new CustomerMergeRefused('not-found', 'both customers must exist');
  if (customers.some((c) => c.merged_into !== null)) {
    throw new CustomerMergeRefused(
      'conflict',
      'a customer that was merged away cannot take part in another merge',
    );
  }
  await tx.query(
    `UPDATE customer_identities SET link = 'inferred', evidence = $2 WHERE customer_id = $1 AND link = 'observed'`,
    [fromId, JSON.stringify({ ...evidence, mergedFrom: fromId })],
  );
  const moved = async (table: string) => {
    const [, count]: [unknown, number] = await tx.query(
      `UPDATE ${table} SET customer_id = $2 WHERE customer_id = $1`,
      [fromId, intoId],
    );
    return count;
  };
  const result = {
    identities: await moved('customer_identities'),
    identifiers: await moved('customer_identifiers'),
    cases: await moved('cases'),
    interactions: await moved('interactions'),
  };
  await tx.query(
    `UPDATE customers SET merged_into = $2, merged_at = now(), merge_evidence = $3 WHERE id = $1`,
    [fromId, intoId, JSON.stringify(evidence)],
  );
  return result;
}

/** A merge on its own transaction: the admin's manual merge. */
export class CustomerMergeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In `tx` when given (e.g. with its audit entry), else in a transaction of its own. */
  merge(
    fromId: string,
    intoId: string,
    evidence: MergeEvidence,
    tx?: EntityManager,
  ): Promise<MergeResult> {
    return tx
      ? mergeCustomer(tx, fromId, intoId, evidence)
      : this.dataSource.transaction((t) => mergeCustomer(t, fromId, intoId, evidence));
  }
}
