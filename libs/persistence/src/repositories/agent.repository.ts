import type { DataSource, EntityManager } from 'typeorm';
import type { ChannelCapacity, Presence } from '@scb/routing';

export interface Agent {
  id: string;
  name: string;
  skills: string[];
  queues: string[];
  presence: Presence;
  capacity: ChannelCapacity;
  lastHeartbeatAt: Date | null;
}

interface AgentRow {
  id: string;
  name: string;
  skills: string[];
  queues: string[];
  presence: Presence;
  capacity: ChannelCapacity;
  last_heartbeat_at: Date | null;
}

const COLUMNS = 'id, name, skills, queues, presence, capacity, last_heartbeat_at';
const toAgent = (r: AgentRow): Agent => ({
  id: r.id,
  name: r.name,
  skills: r.skills,
  queues: r.queues,
  presence: r.presence,
  capacity: r.capacity,
  lastHeartbeatAt: r.last_heartbeat_at,
});

/** The optional presence ($1) and queue ($2) filters of `list` and `count`. */
const AGENT_FILTER = `($1::text IS NULL OR presence = $1) AND ($2::text IS NULL OR $2 = ANY(queues))`;

/** Agents, their skills, queues, presence and per-channel capacity. */
export class AgentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    agent: Omit<Agent, 'id' | 'lastHeartbeatAt' | 'presence'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Agent> {
    const [row]: AgentRow[] = await manager.query(
      `INSERT INTO agents (name, skills, queues, capacity) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [agent.name, agent.skills, agent.queues, JSON.stringify(agent.capacity)],
    );
    return toAgent(row);
  }

  /** By name; optionally only agents with this presence, or who work this queue. */
  async list(query: {
    limit: number;
    offset: number;
    presence?: string;
    queue?: string;
  }): Promise<Agent[]> {
    const rows: AgentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM agents WHERE ${AGENT_FILTER} ORDER BY name, id LIMIT $3 OFFSET $4`,
      [query.presence ?? null, query.queue ?? null, query.limit, query.offset],
    );
    return rows.map(toAgent);
  }

  /** How many agents `list` pages through with the same filter. */
  async count(query: { presence?: string; queue?: string }): Promise<number> {
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM agents WHERE ${AGENT_FILTER}`,
      [query.presence ?? null, query.queue ?? null],
    );
    return Number(total);
  }

  async find(id: string): Promise<Agent | null> {
    const [row]: AgentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM agents WHERE id = $1`,
      [id],
    );
    return row ? toAgent(row) : null;
  }

  /** Presence changes count as a heartbeat: an agent who says "available" is there. */
  async setPresence(id: string, presence: Presence): Promise<Agent | null> {
    const [rows]: [AgentRow[], number] = await this.dataSource.query(
      `UPDATE agents SET presence = $2, last_heartbeat_at = now(), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, presence],
    );
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async heartbeat(id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE agents SET last_heartbeat_at = now() WHERE id = $1`,
      [id],
    );
    return affected > 0;
  }
}
