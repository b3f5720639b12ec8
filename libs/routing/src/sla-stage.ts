import {
  escalation,
  notifyChannel,
  type SlaKind,
  type SlaPolicy,
  type SlaStage,
} from './sla-policy';

/** A work item as the SLA stage rule sees it when its timer fires. */
export interface SlaStageItem {
  queue: string;
  priority: number;
  status: 'queued' | 'assigned' | 'completed';
  firstRespondedAt: Date | null;
}

export type SlaStageDecision =
  /** The target was met (item completed, or first response given): nothing is recorded. */
  | { kind: 'met' }
  | {
      kind: 'fire';
      /** The item's queue and priority after the stage (unchanged unless it breached). */
      after: { queue: string; priority: number };
      /** Supervisor targets to notify, each with its channel. */
      notify: Array<{ target: string; channel: 'webhook' | 'in-app' }>;
      /** What the stage did, as stored with the SLA event (null below a breach). */
      escalation: {
        priority: [number, number];
        queue: [string, string];
        notify: string[];
      } | null;
    };

/**
 * The escalation rule of an SLA stage: at risk only records; a breach raises the priority and
 * moves a WAITING item to the policy's queue (when that queue exists: `queueExists`), and notifies
 * the policy's supervisors. An item an agent holds stays with that agent.
 */
export function decideSlaStage(
  timer: { kind: SlaKind; stage: SlaStage },
  item: SlaStageItem,
  policy: SlaPolicy,
  queueExists: (name: string) => boolean,
): SlaStageDecision {
  if (item.status === 'completed' || (timer.kind === 'firstResponse' && item.firstRespondedAt))
    return { kind: 'met' };
  if (timer.stage !== 'breached')
    return {
      kind: 'fire',
      after: { queue: item.queue, priority: item.priority },
      notify: [],
      escalation: null,
    };
  const step = escalation(policy, item.priority);
  const queue =
    step.toQueue && queueExists(step.toQueue) && item.status === 'queued'
      ? step.toQueue
      : item.queue;
  return {
    kind: 'fire',
    after: { queue, priority: step.priority },
    notify: step.notify.map((target) => ({ target, channel: notifyChannel(target) ?? 'in-app' })),
    escalation: {
      priority: [item.priority, step.priority],
      queue: [item.queue, queue],
      notify: step.notify,
    },
  };
}
