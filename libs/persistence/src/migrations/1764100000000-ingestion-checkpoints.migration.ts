import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each polling source (an X mention timeline, a recent search) has got to: the newest tweet
 * id Kafka has acknowledged. Ids are 64-bit snowflakes, kept as numeric so they compare as numbers.
 */
export class IngestionCheckpoints1764100000000 implements MigrationInterface {
  name = 'IngestionCheckpoints1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source_checkpoints (
        source text PRIMARY KEY,
        since_id numeric(20, 0) NOT NULL CHECK (since_id >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE source_checkpoints`);
  }
}
