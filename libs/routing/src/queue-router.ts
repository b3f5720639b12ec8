import type { CaseEvent } from '@scb/contracts';

export const DEFAULT_QUEUE = 'default';

export interface RoutingChoice {
  queue: string;
  priority: number;
  explanation: string;
}

/**
 * Chooses the queue and priority of a case's work item. Phone and social work pass through the
 * same function so they share rules, priorities and SLAs. Routing rules grow here; the skeleton
 * has one shared default queue.
 */
export function chooseQueue(event: Pick<CaseEvent, 'priority' | 'channel'>): RoutingChoice {
  return {
    queue: DEFAULT_QUEUE,
    priority: event.priority,
    explanation: `no routing rule matched; ${event.channel} work goes to the shared default queue`,
  };
}

/** BullMQ job ids derive from work-item ids so a redelivered event can never queue twice. */
export function workItemJobId(workItemId: string): string {
  return `wi-${workItemId}`;
}
