import type { Clock } from '@scb/core';
import type {
  Agent,
  AgentRepository,
  AssignedWorkItem,
  WorkAssignmentRepository,
} from '@scb/persistence';
import type { Presence } from '@scb/routing';

/** The agent reads and writes the agent-work use cases need, kept in a map. */
export class InMemoryAgents implements Pick<AgentRepository, 'find' | 'setPresence' | 'heartbeat'> {
  readonly byId = new Map<string, Agent>();

  constructor(private readonly clock: Clock) {}

  /** Adds an agent (available, just heartbeated, unless `agent` says otherwise). */
  add(agent: Partial<Agent> & { id: string }): Agent {
    const full: Agent = {
      name: agent.id,
      skills: [],
      queues: ['default'],
      presence: 'available',
      capacity: { phone: 1, social: 3 },
      lastHeartbeatAt: this.clock.now(),
      ...agent,
    };
    this.byId.set(full.id, full);
    return full;
  }

  async find(id: string): Promise<Agent | null> {
    return this.byId.get(id) ?? null;
  }

  async setPresence(id: string, presence: Presence): Promise<Agent | null> {
    const agent = this.byId.get(id);
    if (!agent) return null;
    Object.assign(agent, { presence, lastHeartbeatAt: this.clock.now() });
    return { ...agent };
  }

  async heartbeat(id: string): Promise<boolean> {
    const agent = this.byId.get(id);
    if (agent) agent.lastHeartbeatAt = this.clock.now();
    return agent !== undefined;
  }
}

type AgentWorkWrites = Pick<
  WorkAssignmentRepository,
  'accept' | 'complete' | 'release' | 'transferToAgent' | 'releaseAbandoned' | 'heldBy'
>;

/**
 * Work items and their hand-outs, with the repository's rules: only the holder of an assigned
 * item may accept, complete, put back or transfer it (else null), completing resolves the case
 * (`resolvedCases`), and `releaseAbandoned` returns unaccepted items of agents who are offline
 * or silent for longer than the timeout (by the injected clock).
 */
export class InMemoryWorkAssignments implements AgentWorkWrites {
  readonly items = new Map<string, AssignedWorkItem>();
  readonly resolvedCases: string[] = [];

  constructor(
    private readonly agents: InMemoryAgents,
    private readonly clock: Clock,
  ) {}

  /** Adds an item; assigned to `agentId` (not yet accepted) when one is given. */
  add(item: Partial<AssignedWorkItem> & { id: string }): AssignedWorkItem {
    const now = this.clock.now();
    const full: AssignedWorkItem = {
      caseId: `case-of-${item.id}`,
      caseNumber: `C-${item.id}`,
      queue: 'default',
      channel: 'social',
      priority: 3,
      status: item.agentId ? 'assigned' : 'queued',
      agentId: null,
      queuedAt: now,
      assignedAt: item.agentId ? now : null,
      acceptedAt: null,
      updates: 0,
      sla: { firstResponseDueAt: null, resolutionDueAt: null, firstRespondedAt: null },
      ...item,
    };
    this.items.set(full.id, full);
    return full;
  }

  async accept(itemId: string, agentId: string) {
    return this.change(itemId, agentId, (i) => {
      i.acceptedAt ??= this.clock.now();
      // Answering a call is its first response (the first time stays).
      if (i.channel === 'phone')
        i.sla = { ...i.sla, firstRespondedAt: i.sla.firstRespondedAt ?? this.clock.now() };
    });
  }

  async complete(itemId: string, agentId: string, _resolutionCode: string) {
    const item = await this.change(itemId, agentId, (i) => {
      i.status = 'completed';
    });
    if (item) this.resolvedCases.push(item.caseId);
    return item;
  }

  async release(itemId: string, agentId: string, toQueue?: string) {
    return this.change(itemId, agentId, (i) => this.requeue(i, toQueue));
  }

  async transferToAgent(itemId: string, fromAgentId: string, toAgentId: string) {
    if (!this.agents.byId.has(toAgentId)) return null;
    return this.change(itemId, fromAgentId, (i) => {
      Object.assign(i, { agentId: toAgentId, assignedAt: this.clock.now(), acceptedAt: null });
    });
  }

  async releaseAbandoned(heartbeatTimeoutSeconds: number): Promise<AssignedWorkItem[]> {
    const limit = this.clock.now().getTime() - heartbeatTimeoutSeconds * 1000;
    const released: AssignedWorkItem[] = [];
    for (const item of this.items.values()) {
      const agent = item.agentId ? this.agents.byId.get(item.agentId) : undefined;
      if (!agent || item.status !== 'assigned' || item.acceptedAt) continue;
      const silent =
        (!agent.lastHeartbeatAt || agent.lastHeartbeatAt.getTime() < limit) &&
        (item.assignedAt?.getTime() ?? 0) < limit;
      if (agent.presence !== 'offline' && !silent) continue;
      this.requeue(item);
      released.push({ ...item });
    }
    return released;
  }

  async heldBy(agentId: string): Promise<AssignedWorkItem[]> {
    return [...this.items.values()]
      .filter((i) => i.agentId === agentId && i.status === 'assigned')
      .map((i) => ({ ...i }));
  }

  private requeue(item: AssignedWorkItem, toQueue?: string): void {
    Object.assign(item, {
      status: 'queued',
      agentId: null,
      assignedAt: null,
      acceptedAt: null,
      queue: toQueue ?? item.queue,
    });
  }

  private async change(
    itemId: string,
    agentId: string,
    apply: (item: AssignedWorkItem) => void,
  ): Promise<AssignedWorkItem | null> {
    const item = this.items.get(itemId);
    if (!item || item.agentId !== agentId || item.status !== 'assigned') return null;
    apply(item);
    return { ...item };
  }
}
