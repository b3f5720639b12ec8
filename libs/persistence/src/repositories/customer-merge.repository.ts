import type { EntityManager } from 'typeorm';
import type { Database } from '../database';
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

/** The statements a merge needs: the unit of work's `Database`, or a caller's transaction. */
type MergeSql = Pick<Database, 'rows' | 'execute' | 'manager'>;

/** A caller's own transaction (`tx`) seen as `MergeSql`, for the api's audited manual merge. */
function onManager(tx: EntityManager): MergeSql {
  const runner = tx.queryRunner;
  if (!runner) throw new Error('a merge in a caller transaction needs its transaction manager');
  const execute = async <T>(sql: string, params: readonly unknown[] = []) => {
    const result = (await runner.query(sql, [...params], true)) as {
      records?: T[];
      affected?: number;
    };
    const rows = Array.isArray(result.records) ? result.records : [];
    return { rows, affected: result.affected ?? rows.length };
  };
  return {
    manager: tx,
    execute,
    rows: async <T>(sql: string, params?: readonly unknown[]) =>
      (await execute<T>(sql, params)).rows,
  };
}

/**
 * Merges a customer (usually a persona the matcher made) into another: identities, identifiers,
 * cases and interactions follow, the identities the persona had only observed become inferred
 * with the evidence, and the persona stays as a tombstone (`merged_into`) so old references still
 * resolve. The authors' advisory locks are taken first, so no matcher batch for those authors runs
 * in between.
 */
async function mergeCustomer(
  sql: MergeSql,
  fromId: string,
  intoId: string,
  evidence: MergeEvidence,
): Promise<MergeResult> {
  if (fromId === intoId)
    throw new CustomerMergeRefused('conflict', 'cannot merge a customer into itself');
  const authors = await sql.rows<{ key: string }>(
    `SELECT platform || ':' || external_user_id AS key FROM customer_identities WHERE customer_id = $1`,
    [fromId],
  );
  await lockKeys(
    sql.manager,
    authors.map((a) => a.key),
  );
  const customers = await sql.rows<{ id: string; merged_into: string | null }>(
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
  // An identifier the persona typed is a claim (unless the identity policy auto-confirms its
  // kind); an admin's manual merge is a decision, so what it moves is proven.
  await sql.execute(
    `UPDATE customer_identities
        SET link = 'inferred', evidence = $2,
            trust = CASE WHEN $3 = 'manual' OR coalesce(
                      (SELECT $3 = ANY(auto_confirm) FROM identity_policy WHERE id = 1), false)
                    THEN 'proven' ELSE 'claimed' END,
            source = CASE WHEN $3 = 'manual' THEN 'agent' ELSE 'matcher' END
      WHERE customer_id = $1 AND link = 'observed'`,
    [fromId, JSON.stringify({ ...evidence, mergedFrom: fromId }), evidence.kind],
  );
  const moved = async (table: string) =>
    (
      await sql.execute(`UPDATE ${table} SET customer_id = $2 WHERE customer_id = $1`, [
        fromId,
        intoId,
      ])
    ).affected;
  const result = {
    identities: await moved('customer_identities'),
    identifiers: await moved('customer_identifiers'),
    cases: await moved('cases'),
    interactions: await moved('interactions'),
  };
  await sql.execute(
    `UPDATE customers SET merged_into = $2, merged_at = now(), merge_evidence = $3 WHERE id = $1`,
    [fromId, intoId, JSON.stringify(evidence)],
  );
  return result;
}

/** Merges customers: the matcher's persona merges and the admin's manual merge. */
export class CustomerMergeRepository {
  constructor(private readonly db: Database) {}

  /**
   * Merges `fromId` into `intoId` in the current unit of work (a transaction of its own outside
   * one), or in `tx` when given (the api's manual merge with its audit entry, until that runs in
   * a unit of work too).
   * @throws CustomerMergeRefused `not-found` when a customer is missing, `conflict` for a merge
   *   into itself or of a customer already merged away.
   */
  merge(
    fromId: string,
    intoId: string,
    evidence: MergeEvidence,
    tx?: EntityManager,
  ): Promise<MergeResult> {
    return tx
      ? mergeCustomer(onManager(tx), fromId, intoId, evidence)
      : this.db.run(() => mergeCustomer(this.db, fromId, intoId, evidence));
  }
}
