import type { DataSource, EntityManager } from 'typeorm';
import type { Channel } from '@scb/contracts';
import {
  SlaPolicySchema,
  type RoutingPolicy,
  type RoutingRule,
  type RoutingRuleInput,
  type SlaPolicy,
} from '@scb/routing';

export interface QueueConfig {
  name: string;
  description: string;
  skills: string[];
  channels: Channel[];
  slaPolicy: SlaPolicy;
}

interface RuleRow {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: RoutingRule['conditions'];
  target_queue: string;
  priority_adjustment: number;
  required_skills: string[];
}

const RULE_COLUMNS =
  'id, position, name, enabled, conditions, target_queue, priority_adjustment, required_skills';
const toRule = (r: RuleRow): RoutingRule => ({
  id: r.id,
  position: r.position,
  name: r.name,
  enabled: r.enabled,
  conditions: r.conditions,
  targetQueue: r.target_queue,
  priorityAdjustment: r.priority_adjustment,
  requiredSkills: r.required_skills,
});

interface QueueRow {
  name: string;
  description: string;
  skills: string[];
  channels: Channel[];
  sla_policy: unknown;
}

const QUEUE_COLUMNS = 'name, description, skills, channels, sla_policy';
const toQueueConfig = (r: QueueRow): QueueConfig => ({
  name: r.name,
  description: r.description,
  skills: r.skills,
  channels: r.channels,
  // Stored policies were validated on the way in; the parse fills defaults added since.
  slaPolicy: SlaPolicySchema.catch(SlaPolicySchema.parse({})).parse(r.sla_policy),
});

/** Queues and routing rules: the one configuration that phone and social work both follow. */
export class RoutingConfigRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadPolicy(): Promise<RoutingPolicy> {
    const [rules, queues] = await Promise.all([this.listRules(), this.listQueueConfigs()]);
    return {
      rules,
      queues: queues.map((q) => ({ name: q.name, channels: q.channels, sla: q.slaPolicy })),
    };
  }

  async listRules(): Promise<RoutingRule[]> {
    const rows: RuleRow[] = await this.dataSource.query(
      `SELECT ${RULE_COLUMNS} FROM routing_rules ORDER BY position, created_at`,
    );
    return rows.map(toRule);
  }

  async findRule(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RoutingRule | null> {
    const [row]: RuleRow[] = await manager.query(
      `SELECT ${RULE_COLUMNS} FROM routing_rules WHERE id = $1`,
      [id],
    );
    return row ? toRule(row) : null;
  }

  /** Appends the rule (or puts it at `position`); the target queue must exist. */
  async createRule(
    rule: Required<Omit<RoutingRuleInput, 'position'>> & { position?: number },
    manager: EntityManager = this.dataSource.manager,
  ) {
    const [row]: Array<{ id: string; position: number }> = await manager.query(
      `INSERT INTO routing_rules (position, name, enabled, conditions, target_queue, priority_adjustment, required_skills)
       VALUES (coalesce($1, (SELECT coalesce(max(position), 0) + 10 FROM routing_rules)), $2, $3, $4, $5, $6, $7)
       RETURNING id, position`,
      [
        rule.position ?? null,
        rule.name,
        rule.enabled,
        JSON.stringify(rule.conditions),
        rule.targetQueue,
        rule.priorityAdjustment,
        rule.requiredSkills,
      ],
    );
    return row;
  }

  async deleteRule(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `DELETE FROM routing_rules WHERE id = $1`,
      [id],
    );
    return affected > 0;
  }

  async queueExists(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM queues WHERE name = $1`, [name]);
    return rows.length > 0;
  }

  async listQueueConfigs(): Promise<QueueConfig[]> {
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT ${QUEUE_COLUMNS} FROM queues ORDER BY name`,
    );
    return rows.map(toQueueConfig);
  }

  async findQueueConfig(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QueueConfig | null> {
    const [row]: QueueRow[] = await manager.query(
      `SELECT ${QUEUE_COLUMNS} FROM queues WHERE name = $1`,
      [name],
    );
    return row ? toQueueConfig(row) : null;
  }

  async upsertQueue(
    queue: QueueConfig,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO queues (name, description, skills, channels, sla_policy)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE
         SET description = EXCLUDED.description, skills = EXCLUDED.skills, channels = EXCLUDED.channels,
             sla_policy = EXCLUDED.sla_policy, updated_at = now()`,
      [
        queue.name,
        queue.description,
        queue.skills,
        queue.channels,
        JSON.stringify(queue.slaPolicy),
      ],
    );
  }
}
