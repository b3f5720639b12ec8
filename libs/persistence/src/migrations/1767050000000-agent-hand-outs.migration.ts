import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (`next` in one statement): `agents.hand_outs` counts the items handed to the agent.
 * Every hand-out bumps it in the statement that claims the item, so a hand-out that waited for
 * the agent's row lock can tell that a concurrent hand-out committed after its snapshot (the
 * count it locked differs from the one it read) and retry with a fresh one, instead of counting
 * the agent's load from a snapshot that misses the item just handed out. Adding a column with a
 * constant default rewrites nothing (PostgreSQL 11+).
 */
export class AgentHandOuts1767050000000 implements MigrationInterface {
  name = 'AgentHandOuts1767050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents ADD COLUMN hand_outs bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP COLUMN hand_outs`);
  }
}
