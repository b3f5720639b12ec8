import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChannelCapacity, Presence } from '@scb/routing';

/** A row of `agents` (migration 1764300000000): skills and queues are text arrays. */
@Entity({ name: 'agents' })
@Check('agents_presence_check', `presence IN ('available', 'busy', 'away', 'offline')`)
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  skills!: string[];

  @Column({ type: 'text', array: true, default: () => `'{default}'` })
  queues!: string[];

  @Column({ type: 'text', default: 'offline' })
  presence!: Presence;

  /** Work items an agent holds at once, per channel. */
  @Column({ type: 'jsonb', default: () => `'{"phone": 1, "social": 3}'` })
  capacity!: ChannelCapacity;

  @Column({ name: 'last_heartbeat_at', type: 'timestamptz', nullable: true })
  lastHeartbeatAt!: Date | null;

  /** Items handed to the agent so far (migration 1767050000000; see `claimNext`). */
  @Column({ name: 'hand_outs', type: 'bigint', default: 0 })
  handOuts!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
