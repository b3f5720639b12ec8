/** Shapes of the API's answers, as the console reads them (dates arrive as ISO strings). */
export type Outcome = 'joined' | 'new' | 'ignored';

export interface Explanation {
  rule: string;
  summary: string;
  ruleSetVersion: number;
  rulesFired: string[];
  tags: string[];
  identity: { signal: string; evidence: { kind: string; value: string } | null };
  sentiment: number | null;
  language: string | null;
  candidates: Array<{ caseNumber: string | null; reason: string; chosen: boolean }>;
}

export interface Mention {
  id: string;
  platform: string;
  externalId: string;
  authorHandle: string | null;
  text: string;
  occurredAt: string;
  receivedAt: string;
  outcome: Outcome;
  caseId: string | null;
  caseNumber: string | null;
  customer: { id: string; displayName: string | null };
  queue: string | null;
  sentiment: number | null;
  explanation: Explanation;
}

export interface ChannelDepth {
  waiting: number;
  assigned: number;
  oldestWaitingSince: string | null;
}

export interface QueueDepth {
  queue: string;
  phone: ChannelDepth;
  social: ChannelDepth;
  sla: { atRisk: number; breached: number };
}

export interface Summary {
  bucketSeconds: number;
  mentionsPerBucket: Array<{ at: string; platform: string; count: number }>;
  outcomes: Record<Outcome, number>;
  sentiment: Array<{ at: string; average: number; count: number }>;
  postToQueue: { count: number; p50Ms: number | null; p95Ms: number | null };
  sla: { atRisk: number; breached: number };
}

export interface WorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: string;
  priority: number;
  status: string;
}

export interface TimelineEntry {
  kind: 'phone' | 'mention' | 'reply';
  id: string;
  at: string;
  platform: string;
  direction: string;
  author: string | null;
  text: string;
  detail: string | null;
}

export interface CaseTimeline {
  id: string;
  caseNumber: string;
  status: string;
  category: string | null;
  priority: number;
  customer: { id: string; displayName: string | null; tier: string };
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  entries: TimelineEntry[];
}
