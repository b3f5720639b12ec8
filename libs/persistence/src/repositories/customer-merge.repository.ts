import type { DataSource } from 'typeorm';
import { lockKeys } from './mention-case.repository';

export interface MergeEvidence {
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

/**
 * Merges a persona into the customer an identifier proved it to be: identities, identifiers,
 * cases and interactions follow, and the persona stays as a tombstone (`merged_into`) so old
 * references still resolve. The authors' advisory locks are taken first, so no matcher batch for
 * those authors runs in between.
 */
export class CustomerMergeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async merge(fromId: string, intoId: string, evidence: MergeEvidence): Promise<MergeResult> {
    if (fromId === intoId) throw new Error('cannot merge a customer into itself');
    return this.dataSource.transaction(async (tx) => {
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
      if (customers.length !== 2) throw new Error('both customers must exist');
      if (customers.some((c) => c.merged_into !== null)) {
        throw new Error('a customer that was merged away cannot take part in another merge');
      }
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
    });
  }
}
