import type { DataSource } from 'typeorm';

/** The `since_id` checkpoint of each polling source. */
export class SourceCheckpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(source: string): Promise<string | null> {
    const rows: Array<{ since_id: string }> = await this.dataSource.query(
      `SELECT since_id::text AS since_id FROM source_checkpoints WHERE source = $1`,
      [source],
    );
    return rows[0]?.since_id ?? null;
  }

  /**
   * Moves the checkpoint forward, never back: a slow instance finishing an older chunk after a
   * newer one cannot make the source fetch tweets again.
   */
  async save(source: string, sinceId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO source_checkpoints (source, since_id) VALUES ($1, $2::numeric)
       ON CONFLICT (source) DO UPDATE SET since_id = EXCLUDED.since_id, updated_at = now()
       WHERE source_checkpoints.since_id < EXCLUDED.since_id`,
      [source, sinceId],
    );
  }
}
