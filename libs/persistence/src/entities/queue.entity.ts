import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel } from '@scb/contracts';

/** A row of `queues`: the queue's name is its key (work items and rules refer to it). */
@Entity({ name: 'queues' })
export class QueueEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  skills!: string[];

  @Column({ type: 'text', array: true, default: () => `'{social,phone}'` })
  channels!: Channel[];

  /** As stored; `SlaPolicySchema` (`@scb/routing`) validates it and fills defaults on read. */
  @Column({ name: 'sla_policy', type: 'jsonb', default: () => `'{}'` })
  slaPolicy!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
