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

/** Properties that hold notify targets wherever they are nested (policies, events, audit). */
const NOTIFY_KEYS = new Set(['notify', 'target']);

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of any JSON-like value (an API answer) with every notify target in it redacted as
 * redactNotifyTarget does: each string under a `notify` (a list) or `target` property, at any
 * depth — queue SLA policies (`slaPolicy.escalation.notify`), SLA events, notifications and
 * audit-log before/after. Values that are not plain objects or arrays (Dates, buffers,
 * streams) are kept as they are.
 */
export function redactNotifyTargets<T>(value: T): T {
  return walk(value, false) as T;
}

function walk(value: unknown, underNotifyKey: boolean): unknown {
  if (typeof value === 'string') return underNotifyKey ? redactNotifyTarget(value) : value;
  if (Array.isArray(value)) return value.map((item) => walk(item, underNotifyKey));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = walk(item, NOTIFY_KEYS.has(key));
  return copy;
}
