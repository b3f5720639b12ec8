import { ConflictException, Logger, NotFoundException } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import type { AgentRepository, AssignedWorkItem, WorkAssignmentRepository } from '@scb/persistence';
import type { Presence } from '@scb/routing';
import type { ClaimNextWork, SlaClock, WorkQueueChangeRecorder } from '@scb/work-queues';
import { listEnvelope, type ListEnvelope } from '@scb/contracts';

/**
 * The agent's side of the shared queues: take the next item, accept, complete, put back,
 * transfer. Postgres decides who gets what (atomically); every change of what waits is recorded
 * with it and projected to BullMQ (`WorkQueueProjector`), so an item leaves its BullMQ queue
 * when handed out and comes back when put back.
 */
export class AgentWorkService {
  private readonly logger = new Logger(AgentWorkService.name);

  constructor(
    private readonly agents: AgentRepository,
    private readonly assignments: WorkAssignmentRepository,
    private readonly claimNext: ClaimNextWork,
    private readonly uow: UnitOfWork,
    private readonly queueChanges: WorkQueueChangeRecorder,
    private readonly sla: SlaClock,
    private readonly heartbeatTimeoutSeconds: number,
  ) {}

  /** The item handed to the agent, or null when nothing waiting fits them. */
  async next(agentId: string): Promise<AssignedWorkItem | null> {
    const result = await this.claimNext.execute({ agentId });
    switch (result.kind) {
      case 'unknown-agent':
        throw new NotFoundException(`agent ${agentId} does not exist`);
      case 'refused':
        throw new ConflictException(result.reason);
      case 'empty':
        return null;
      case 'assigned':
        return result.item;
    }
  }

  async held(agentId: string): Promise<ListEnvelope<AssignedWorkItem>> {
    if (!(await this.agents.find(agentId)))
      throw new NotFoundException(`agent ${agentId} does not exist`);
    return listEnvelope(await this.assignments.heldBy(agentId), 'all');
  }

  async accept(itemId: string, agentId: string): Promise<AssignedWorkItem> {
    return this.holder(itemId, agentId, await this.assignments.accept(itemId, agentId));
  }

  /** Completes the item, resolves the case and stops its SLA clocks. */
  async complete(itemId: string, agentId: string, resolutionCode: string) {
    const item = this.holder(
      itemId,
      agentId,
      await this.assignments.complete(itemId, agentId, resolutionCode),
    );
    await this.sla.stop(item.id, ['firstResponse', 'resolution']);
    return item;
  }

  /** Back to its queue (or `toQueue` for a transfer), where it keeps its age. */
  async putBack(itemId: string, agentId: string, toQueue?: string): Promise<AssignedWorkItem> {
    const released = await this.uow.run(async () => {
      const item = await this.assignments.release(itemId, agentId, toQueue);
      if (item) await this.queueChanges.record([{ workItemId: item.id, fromQueue: null }]);
      return item;
    });
    return this.holder(itemId, agentId, released);
  }

  async transferToAgent(itemId: string, agentId: string, toAgentId: string) {
    const item = await this.assignments.transferToAgent(itemId, agentId, toAgentId);
    if (!item && !(await this.agents.find(toAgentId)))
      throw new NotFoundException(`agent ${toAgentId} does not exist`);
    return this.holder(itemId, agentId, item);
  }

  async setPresence(agentId: string, presence: Presence) {
    const agent = await this.agents.setPresence(agentId, presence);
    if (!agent) throw new NotFoundException(`agent ${agentId} does not exist`);
    // Going offline returns what was handed out but not yet accepted.
    if (presence === 'offline') await this.returnAbandoned();
    return agent;
  }

  async heartbeat(agentId: string): Promise<void> {
    if (!(await this.agents.heartbeat(agentId)))
      throw new NotFoundException(`agent ${agentId} does not exist`);
  }

  /** Unaccepted items of agents who are offline or silent for longer than the timeout go back. */
  async returnAbandoned(): Promise<number> {
    const released = await this.uow.run(async () => {
      const items = await this.assignments.releaseAbandoned(this.heartbeatTimeoutSeconds);
      await this.queueChanges.record(items.map((i) => ({ workItemId: i.id, fromQueue: null })));
      return items;
    });
    if (released.length > 0) {
      this.logger.log({ message: 'unaccepted work returned to queues', count: released.length });
    }
    return released.length;
  }

  private holder(itemId: string, agentId: string, item: AssignedWorkItem | null): AssignedWorkItem {
    if (!item)
      throw new ConflictException(
        `work item ${itemId} is not held by agent ${agentId} (unknown, completed or handed to someone else)`,
      );
    return item;
  }
}
