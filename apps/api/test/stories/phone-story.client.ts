import { timestampedSignatureHeaders } from '@scb/social-sources';
import { authedClient, waitFor, type ApiCall } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

const WEBHOOK_SECRET = 'phone-story-webhook-secret-0123456789';
const ADMIN = { email: 'stories@example.com', password: 'phone parity story admin 2026' };

export interface PhoneWork {
  workItem: {
    id: string;
    queue: string;
    priority: number;
    status: string;
    queuedAt: string | null;
    agentId: string | null;
    updates: number;
  };
  case: { id: string; caseNumber: string; reused: boolean };
  customer: { id: string; known: boolean };
  holder: { agentId: string; name: string } | null;
  replayed: boolean;
}

export interface HeldItem {
  id: string;
  caseId: string;
  channel: string;
  queue: string;
  priority: number;
  updates: number;
  sla: { firstRespondedAt: string | null };
}

export interface CaseListItem {
  id: string;
  caseNumber: string;
  status: string;
  customer: { id: string };
  workItem: { id: string; queue: string; status: string; queuedAt: string | null } | null;
}

export interface SlaEvent {
  workItemId: string;
  caseId: string;
  queue: string;
  kind: 'firstResponse' | 'resolution';
  stage: 'atRisk' | 'breached';
  escalation: { priority: [number, number]; queue: [string, string] } | null;
}

/** A case whose active work item waits in a queue (projected) or is held by an agent. */
const routed = (c: CaseListItem) =>
  c.workItem !== null &&
  c.workItem.queuedAt !== null &&
  (c.workItem.status === 'queued' || c.workItem.status === 'assigned');

/**
 * A story's view of the product: the four services through the PUBLIC surfaces only: the
 * signed generic webhook (what a listening tool posts), the phone system's and the admin's and
 * agents' API (as the bootstrap admin, who may act for any agent), no SQL.
 */
export class PhoneStory {
  readonly pipeline = new PipelineHarness({
    WEBHOOK_SECRET,
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  });
  api!: ApiCall;
  private posts = 0;
  private calls = 0;

  async start(): Promise<void> {
    await this.pipeline.start();
    const base = await this.pipeline.apiUrl();
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    this.api = authedClient(base, ((await login.json()) as { token: string }).token);
  }

  stop(): Promise<void> {
    return this.pipeline.stop();
  }

  /** Sends a body to the api and expects `status`; resolves to the answer's body. */
  async expectCall<T>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.api<T>(method, path, body);
    if (answer.status !== status)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A post on X by `authorId`, through the signed generic webhook of ingestion. */
  async postOnX(authorId: string, text: string): Promise<string> {
    this.posts += 1;
    const externalId = `17${String(Date.now()).slice(-10)}${String(this.posts).padStart(5, '0')}`;
    const body = JSON.stringify({
      platform: 'x',
      externalId,
      authorId,
      authorHandle: `user${authorId}`,
      text,
      createdAt: new Date().toISOString(),
    });
    const ingestion = (await this.pipeline.apps!.ingestion.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${ingestion}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...timestampedSignatureHeaders(WEBHOOK_SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(202);
    return externalId;
  }

  /** The phone system puts a call into the queues. */
  async phoneCall(body: Record<string, unknown>): Promise<PhoneWork> {
    this.calls += 1;
    return this.expectCall<PhoneWork>(201, 'POST', '/v1/work-items', {
      channel: 'phone',
      callId: `story-call-${this.calls}`,
      ...body,
    });
  }

  /** The open case of a customer once its work item is in a queue or held. */
  async openCaseOf(customerId: string, what = 'the customer’s case routed'): Promise<CaseListItem> {
    return waitFor<CaseListItem | undefined>(
      async () => {
        const list = await this.expectCall<{ items: CaseListItem[] }>(
          200,
          'GET',
          `/v1/cases?customerId=${customerId}&status=open`,
        );
        return list.items.find(routed);
      },
      { timeoutMs: 90_000, what },
    ) as Promise<CaseListItem>;
  }

  /** The open case of an X author (a customer the matcher made), once routed. */
  async openCaseOfHandle(handle: string): Promise<CaseListItem> {
    return waitFor<CaseListItem | undefined>(
      async () => {
        const list = await this.expectCall<{ items: CaseListItem[] }>(
          200,
          'GET',
          `/v1/cases?handle=${handle}&status=open`,
        );
        return list.items.find(routed);
      },
      { timeoutMs: 90_000, what: `the case of @${handle} routed` },
    ) as Promise<CaseListItem>;
  }

  async newAgent(name: string, queues: string[]): Promise<string> {
    const { id } = await this.expectCall<{ id: string }>(201, 'POST', '/v1/agents', {
      name,
      queues,
    });
    await this.expectCall(200, 'PUT', `/v1/agents/${id}/presence`, { presence: 'available' });
    return id;
  }

  async next(agentId: string): Promise<HeldItem> {
    return this.expectCall<HeldItem>(200, 'POST', `/v1/agents/${agentId}/next`);
  }

  async heldBy(agentId: string): Promise<HeldItem[]> {
    return (await this.expectCall<{ items: HeldItem[] }>(200, 'GET', `/v1/agents/${agentId}/work`))
      .items;
  }

  async slaEvents(): Promise<SlaEvent[]> {
    return (await this.expectCall<{ items: SlaEvent[] }>(200, 'GET', '/v1/sla-events?limit=200'))
      .items;
  }
}
