import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the router's update of a case's active work item for each new event on the case
 * (`updates`, `last_update_at`, `updated_at`; `priority` only when the event is more urgent)
 * becomes a HOT update when there is room on the item's page. None of those columns is a key of
 * an index unless the priority rises, but pages filled by the router's batch inserts had no room,
 * so 82% of those updates wrote a new entry into each of the table's seven indexes (and left as
 * many for vacuum). `fillfactor` 70 leaves room, as for `cases` (CasesHotTouch1767821000000). It
 * applies to pages written from now on (no table rewrite, no lock beyond the ALTER's moment).
 */
export class WorkItemsHotUpdate1767860000000 implements MigrationInterface {
  name = 'WorkItemsHotUpdate1767860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_items SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_items RESET (fillfactor)`);
  }
}
