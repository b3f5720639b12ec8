import { timestampedSignatureHeaders } from '@scb/social-sources';
import { authedClient, waitFor, type ApiCall } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

const WEBHOOK_SECRET = 'case-story-webhook-secret-0123456789';
const ADMIN = { email: 'case-stories@example.com', password: 'case merge story admin 2026' };

export interface CallAnswer {
  workItem: { id: string; queue: string; status: string };
  case: { id: string; caseNumber: string; reused: boolean };
  customer: { id: string; known: boolean };
}

export interface CaseItem {
  id: string;
  caseNumber: string;
  status: string;
  customer: { id: string };
  workItem: { id: string; queue: string; status: string; queuedAt: string | null } | null;
}

export interface TimelineView {
  id: string;
  caseNumber: string;
  status: string;
  customer: { id: string };
  workItem: { id: string; status: string; agentId: string | null } | null;
  mergedInto: { id: string; caseNumber: string } | null;
  mergedCases: Array<{ id: string; caseNumber: string }>;
  followsCase: { id: string; caseNumber: string } | null;
  entries: Array<{ kind: string; text: string; caseNumber: string; from: string }>;
}

/**
 * A story's view of the product through its PUBLIC surfaces only: the signed generic webhook
 * (a listening tool's posts), the phone system's, the agents' and the admin's API (as the
 * bootstrap admin, who may act for any agent). No SQL.
 */
export class CaseStory {
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

  /** Calls the api and expects `status`; resolves to the answer's body. */
  async expectCall<T>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.api<T>(method, path, body);
    if (answer.status !== status)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A post on X by `authorId` (handle `user<authorId>`), published at `createdAt`. */
  async postOnX(authorId: string, text: string, createdAt = new Date()): Promise<string> {
    this.posts += 1;
    const externalId = `18${String(Date.now()).slice(-10)}${String(this.posts).padStart(5, '0')}`;
    const body = JSON.stringify({
      platform: 'x',
      externalId,
      authorId,
      authorHandle: `user${authorId}`,
      text,
      createdAt: createdAt.toISOString(),
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
  async phoneCall(callerNumber: string, note: string): Promise<CallAnswer> {
    this.calls += 1;
    return this.expectCall<CallAnswer>(201, 'POST', '/v1/work-items', {
      channel: 'phone',
      callId: `case-story-call-${Date.now()}-${this.calls}`,
      callerNumber,
      note,
    });
  }

  /** The open case of an X author (handle `user<authorId>`), once routed. */
  async openCaseOfHandle(
    handle: string,
    what = `the case of @${handle} routed`,
  ): Promise<CaseItem> {
    return waitFor<CaseItem>(
      async () => {
        const list = await this.expectCall<{ items: CaseItem[] }>(
          200,
          'GET',
          `/v1/cases?handle=${handle}&status=open`,
        );
        const routed = list.items.find((c) => c.workItem !== null && c.workItem.queuedAt !== null);
        // waitFor retries on a throw: not routed yet.
        if (!routed) throw new Error('not routed yet');
        return routed;
      },
      { timeoutMs: 90_000, what },
    );
  }

  timeline(ref: string): Promise<TimelineView> {
    return this.expectCall<TimelineView>(200, 'GET', `/v1/cases/${ref}`);
  }

  async newAgent(name: string): Promise<string> {
    const { id } = await this.expectCall<{ id: string }>(201, 'POST', '/v1/agents', { name });
    await this.expectCall(200, 'PUT', `/v1/agents/${id}/presence`, { presence: 'available' });
    return id;
  }

  next(agentId: string): Promise<{ id: string; caseId: string; updates: number }> {
    return this.expectCall(200, 'POST', `/v1/agents/${agentId}/next`);
  }
}
