import type { DataSource, EntityManager } from 'typeorm';

/** Transaction-scoped advisory locks taken in a stable order so two transactions cannot deadlock. */
export async function lockKeys(tx: EntityManager, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [sorted],
  );
}

/**
 * Runs `work` while this process holds the session-level advisory lock `key`, or returns
 * `{ acquired: false }` at once when another session holds it (it never waits). The lock lives
 * on a connection of its own, so `work` can run many short transactions under it; it is
 * released when `work` settles, or by Postgres when the connection dies with the process.
 */
export async function withSessionLock<T>(
  dataSource: DataSource,
  key: string,
  work: () => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query(
      `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`,
      [key],
    )) as Array<{ locked: boolean }>;
    if (!row.locked) return { acquired: false };
    try {
      return { acquired: true, result: await work() };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]);
    }
  } finally {
    await runner.release();
  }
}
