import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@scb/auth';

/** A row of `api_keys`: the SHA-256 digest of a machine's key, never the key itself. */
@Entity({ name: 'api_keys' })
@Check('api_keys_role_check', `role IN ('admin', 'supervisor', 'agent', 'viewer', 'integration')`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** Never loaded unless asked for, so it cannot leak into a reply. */
  @Column({ name: 'key_digest', type: 'text', unique: true, select: false })
  keyDigest!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
