import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { QueueEntity } from './queue.entity';
import type { RoutingRule } from '@scb/routing';

/** A row of `routing_rules`: evaluated in `position` order (ties: oldest first). */
@Entity({ name: 'routing_rules' })
@Index('routing_rules_order_idx', { synchronize: false })
export class RoutingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  conditions!: RoutingRule['conditions'];

  /** A queue's name (foreign key to `queues`). */
  @Column({ name: 'target_queue', type: 'text' })
  targetQueue!: string;

  @ManyToOne(() => QueueEntity)
  @JoinColumn({ name: 'target_queue', foreignKeyConstraintName: 'routing_rules_target_queue_fkey' })
  queue?: QueueEntity;

  /** Added to the work item's priority (1 is highest). */
  @Column({ name: 'priority_adjustment', type: 'smallint', default: 0 })
  priorityAdjustment!: number;

  @Column({ name: 'required_skills', type: 'text', array: true, default: () => `'{}'` })
  requiredSkills!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
