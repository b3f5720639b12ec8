import type { ChannelCapacity, Presence } from '@scb/routing';
import type { Database } from '../database';
import { AgentEntity } from '../entities/agent.entity';

export interface Agent {
  id: string;
  name: string;
  skills: string[];
  queues: string[];
  presence: Presence;
  capacity: ChannelCapacity;
  lastHeartbeatAt: Date | null;
}

const toAgent = (a: AgentEntity): Agent => ({
  id: a.id,
  name: a.name,
  skills: a.skills,
  queues: a.queues,
  presence: a.presence,
  capacity: a.capacity,
  lastHeartbeatAt: a.lastHeartbeatAt,
});

/**
 * Agents, their skills, queues, presence and per-channel capacity. Joins the current unit of
 * work (`Database.run`) when there is one.
 */
export class AgentRepository {
  constructor(private readonly db: Database) {}

  private get agents() {
    return this.db.manager.getRepository(AgentEntity);
  }

  /** The optional presence and queue filters of `list` and `count`. */
  private filtered(query: { presence?: string; queue?: string }) {
    const builder = this.agents.createQueryBuilder('a');
    if (query.presence !== undefined)
      builder.andWhere('a.presence = :presence', { presence: query.presence });
    if (query.queue !== undefined)
      builder.andWhere(':queue = ANY(a.queues)', { queue: query.queue });
    return builder;
  }

  async create(agent: Omit<Agent, 'id' | 'lastHeartbeatAt' | 'presence'>): Promise<Agent> {
    const inserted = await this.agents
      .createQueryBuilder()
      .insert()
      .values({
        name: agent.name,
        skills: agent.skills,
        queues: agent.queues,
        capacity: agent.capacity,
      })
      .returning('id')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0].id;
    return toAgent(await this.agents.findOneByOrFail({ id }));
  }

  /** By name; optionally only agents with this presence, or who work this queue. */
  async list(query: {
    limit: number;
    offset: number;
    presence?: string;
    queue?: string;
  }): Promise<Agent[]> {
    const rows = await this.filtered(query)
      .orderBy('a.name')
      .addOrderBy('a.id')
      .limit(query.limit)
      .offset(query.offset)
      .getMany();
    return rows.map(toAgent);
  }

  /** How many agents `list` pages through with the same filter. */
  async count(query: { presence?: string; queue?: string }): Promise<number> {
    return this.filtered(query).getCount();
  }

  async find(id: string): Promise<Agent | null> {
    const found = await this.agents.findOneBy({ id });
    return found ? toAgent(found) : null;
  }

  /** Presence changes count as a heartbeat: an agent who says "available" is there. */
  async setPresence(id: string, presence: Presence): Promise<Agent | null> {
    const changed = await this.agents.update(
      { id },
      { presence, lastHeartbeatAt: () => 'now()', updatedAt: () => 'now()' },
    );
    return changed.affected ? this.find(id) : null;
  }

  /** False when there is no such agent. */
  async heartbeat(id: string): Promise<boolean> {
    const changed = await this.agents.update({ id }, { lastHeartbeatAt: () => 'now()' });
    return (changed.affected ?? 0) > 0;
  }
}
