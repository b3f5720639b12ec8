import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A row of `audit_log` (migrations 1764700000000 and 1765500000000): append-only. */
@Entity({ name: 'audit_log' })
@Check('audit_log_actor_kind_check', `actor_kind IN ('user', 'api_key', 'system')`)
@Index('audit_log_at_idx', { synchronize: false })
@Index('audit_log_entity_idx', { synchronize: false })
@Index('audit_log_actor_idx', { synchronize: false })
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The old bigserial id: orders entries of the same instant (a bigint, so a string). */
  /** Its sequence kept the old column's name when the column was renamed. */
  @Column({
    type: 'bigint',
    unique: true,
    insert: false,
    default: () => `nextval('audit_log_id_seq')`,
  })
  seq!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind!: 'user' | 'api_key' | 'system';

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'text' })
  actorName!: string;

  @Column({ type: 'text' })
  entity!: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  /** The changed thing before and after, as JSON (any value `JSON.stringify` takes). */
  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;
}
