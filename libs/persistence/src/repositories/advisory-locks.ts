import type { EntityManager } from 'typeorm';

/** Transaction-scoped advisory locks taken in a stable order so two transactions cannot deadlock. */
export async function lockKeys(tx: EntityManager, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [sorted],
  );
}
