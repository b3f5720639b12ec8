import type { Channel } from '@scb/contracts';
import {
  SlaPolicySchema,
  type RoutingPolicy,
  type RoutingRule,
  type RoutingRuleInput,
  type SlaPolicy,
} from '@scb/routing';
import type { Database } from '../database';
import { QueueEntity } from '../entities/queue.entity';
import { RoutingRuleEntity } from '../entities/routing-rule.entity';

export interface QueueConfig {
  name: string;
  description: string;
  skills: string[];
  channels: Channel[];
  slaPolicy: SlaPolicy;
}

const toRule = (r: RoutingRuleEntity): RoutingRule => ({
  id: r.id,
  position: r.position,
  name: r.name,
  enabled: r.enabled,
  conditions: r.conditions,
  targetQueue: r.targetQueue,
  priorityAdjustment: r.priorityAdjustment,
  requiredSkills: r.requiredSkills,
});

const toQueueConfig = (q: QueueEntity): QueueConfig => ({
  name: q.name,
  description: q.description,
  skills: q.skills,
  channels: q.channels,
  // Stored policies were validated on the way in; the parse fills defaults added since.
  slaPolicy: SlaPolicySchema.catch(SlaPolicySchema.parse({})).parse(q.slaPolicy),
});

/**
 * Queues and routing rules: the one configuration that phone and social work both follow. Joins
 * the current unit of work (`Database.run`) when there is one.
 */
export class RoutingConfigRepository {
  constructor(private readonly db: Database) {}

  private get rules() {
    return this.db.manager.getRepository(RoutingRuleEntity);
  }

  private get queues() {
    return this.db.manager.getRepository(QueueEntity);
  }

  async loadPolicy(): Promise<RoutingPolicy> {
    const [rules, queues] = await Promise.all([this.listRules(), this.listQueueConfigs()]);
    return {
      rules,
      queues: queues.map((q) => ({ name: q.name, channels: q.channels, sla: q.slaPolicy })),
    };
  }

  /** In evaluation order: by position, then oldest first. */
  async listRules(): Promise<RoutingRule[]> {
    const rows = await this.rules.find({ order: { position: 'ASC', createdAt: 'ASC' } });
    return rows.map(toRule);
  }

  async findRule(id: string): Promise<RoutingRule | null> {
    const found = await this.rules.findOneBy({ id });
    return found ? toRule(found) : null;
  }

  /** Appends the rule (or puts it at `position`); the target queue must exist. */
  async createRule(
    rule: Required<Omit<RoutingRuleInput, 'position'>> & { position?: number },
  ): Promise<{ id: string; position: number }> {
    const inserted = await this.rules
      .createQueryBuilder()
      .insert()
      .values({
        // Appended: ten past the last, leaving room to insert between rules later.
        position:
          rule.position ?? (() => '(SELECT coalesce(max(position), 0) + 10 FROM routing_rules)'),
        name: rule.name,
        enabled: rule.enabled,
        conditions: rule.conditions,
        targetQueue: rule.targetQueue,
        priorityAdjustment: rule.priorityAdjustment,
        requiredSkills: rule.requiredSkills,
      })
      .returning(['id', 'position'])
      .execute();
    return (inserted.raw as Array<{ id: string; position: number }>)[0];
  }

  /** False when there is no such rule. */
  async deleteRule(id: string): Promise<boolean> {
    const deleted = await this.rules.delete({ id });
    return (deleted.affected ?? 0) > 0;
  }

  async queueExists(name: string): Promise<boolean> {
    return this.queues.existsBy({ name });
  }

  async listQueueConfigs(): Promise<QueueConfig[]> {
    const rows = await this.queues.find({ order: { name: 'ASC' } });
    return rows.map(toQueueConfig);
  }

  async findQueueConfig(name: string): Promise<QueueConfig | null> {
    const found = await this.queues.findOneBy({ name });
    return found ? toQueueConfig(found) : null;
  }

  /** Creates the queue or replaces its configuration. */
  async upsertQueue(queue: QueueConfig): Promise<void> {
    await this.queues
      .createQueryBuilder()
      .insert()
      .values({
        name: queue.name,
        description: queue.description,
        skills: queue.skills,
        channels: queue.channels,
        slaPolicy: queue.slaPolicy,
      })
      .orUpdate(['description', 'skills', 'channels', 'sla_policy', 'updated_at'], ['name'])
      .execute();
  }
}
