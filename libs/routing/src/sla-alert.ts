import type { SlaKind, SlaStage } from './sla-policy';

export interface SlaAlertFacts {
  kind: SlaKind;
  stage: SlaStage;
  caseNumber: string;
  queue: string;
  dueAt: Date;
  occurredAt: Date;
  /** [before, after] of the escalation applied with the breach. */
  priority: [number, number];
  escalatedQueue: [string, string];
}

const KIND_LABEL: Record<SlaKind, string> = {
  firstResponse: 'first response',
  resolution: 'resolution',
};

/**
 * The one-line message a supervisor reads, in a chat channel or on a pager: what was missed, on
 * which case, by how long, and what the system already did about it.
 */
export function slaAlertText(facts: SlaAlertFacts): string {
  const lateMinutes = Math.max(
    0,
    Math.round((facts.occurredAt.getTime() - facts.dueAt.getTime()) / 60_000),
  );
  const what =
    facts.stage === 'breached'
      ? `SLA breached: ${KIND_LABEL[facts.kind]} for case ${facts.caseNumber}`
      : `SLA at risk: ${KIND_LABEL[facts.kind]} for case ${facts.caseNumber}`;
  const due = `due ${facts.dueAt.toISOString()}${lateMinutes > 0 ? `, ${lateMinutes} min late` : ''}`;
  const steps: string[] = [];
  if (facts.escalatedQueue[0] !== facts.escalatedQueue[1])
    steps.push(`moved from ${facts.escalatedQueue[0]} to ${facts.escalatedQueue[1]}`);
  if (facts.priority[0] !== facts.priority[1])
    steps.push(`priority raised from P${facts.priority[0]} to P${facts.priority[1]}`);
  const done = steps.length > 0 ? `; ${steps.join(', ')}` : '';
  return `${what} in queue ${facts.queue} (${due})${done}.`;
}

/**
 * A notify target fit to show to dashboard users: webhook URLs often carry their secret in the
 * path (Slack, Teams), so only the origin is shown.
 */
export function redactNotifyTarget(target: string): string {
  try {
    const url = new URL(target);
    if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}/…`;
  } catch {
    // not a URL: a group name, safe to show
  }
  return target;
}
