import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the matcher's touch of a joined case (`last_activity_at = now()`, one per mention
 * that joins an open case) becomes a HOT update. It was not one because `last_activity_at` was a
 * key of `cases_open_by_customer_idx`, so every touch wrote a new entry into each of the table's
 * indexes (about six for a social case) and left as many for vacuum.
 *
 * - `cases_open_by_customer_idx` is rebuilt on `(customer_id)` alone, still partial on open
 *   cases. Every query that read it asks for one customer's open cases (the matching snapshot's
 *   latest open case, the phone path's `openCaseOf`): a customer has one or a few open cases, so
 *   sorting them by `last_activity_at` after the index scan costs nothing measurable (EXPLAIN in
 *   docs/performance.md, "branch perf-pg").
 * - `fillfactor` 70 on `cases`: a HOT update needs room on the row's own page, and pages filled by
 *   a batch insert have none. Measured in the pipeline bench (every case touched once, seconds
 *   after its insert): 22% of the touches HOT at 85, 49-50% at 70, with no consistent change in
 *   the table's pages (the non-HOT versions take pages too). It applies to pages written from
 *   now on (no table rewrite).
 */
export class CasesHotTouch1767821000000 implements MigrationInterface {
  name = 'CasesHotTouch1767821000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_open_by_customer_idx`);
    await q.query(
      `CREATE INDEX cases_open_by_customer_idx ON cases (customer_id) WHERE status = 'open'`,
    );
    await q.query(`ALTER TABLE cases SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases RESET (fillfactor)`);
    await q.query(`DROP INDEX cases_open_by_customer_idx`);
    await q.query(
      `CREATE INDEX cases_open_by_customer_idx ON cases (customer_id, last_activity_at DESC) WHERE status = 'open'`,
    );
  }
}
