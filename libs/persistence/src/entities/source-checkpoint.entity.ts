import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `source_checkpoints`: the newest post id a polling source has had acknowledged. */
@Entity({ name: 'source_checkpoints' })
@Check('source_checkpoints_since_id_check', `since_id >= 0`)
export class SourceCheckpointEntity {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  /** A 64-bit snowflake kept as numeric(20,0) so it compares as a number; read as a string. */
  @Column({ name: 'since_id', type: 'numeric', precision: 20, scale: 0 })
  sinceId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
