import { timestampedSignatureHeaders } from '@scb/social-sources';
import { authedClient, type ApiCall, type ApiResponse } from '../infra/api-client';
import { waitFor } from '../infra/wait-for';

/** The generic webhook's secret stories sign with: give it to ingestion as WEBHOOK_SECRET. */
export const STORY_WEBHOOK_SECRET = 'story-webhook-secret-0123456789';
/** The bootstrap admin a story acts as (who may act for any agent): the api's BOOTSTRAP_ADMIN_*. */
export const STORY_ADMIN = {
  email: 'stories@example.com',
  password: 'phone parity story admin 2026',
};

/**
 * The configuration a story's pipeline needs on every service (the webhook secret the client
 * signs with, the bootstrap admin it signs in as), with the spec's own `overrides` on top.
 */
export const storyConfig = (overrides: Record<string, string> = {}): Record<string, string> => ({
  WEBHOOK_SECRET: STORY_WEBHOOK_SECRET,
  BOOTSTRAP_ADMIN_EMAIL: STORY_ADMIN.email,
  BOOTSTRAP_ADMIN_PASSWORD: STORY_ADMIN.password,
  ...overrides,
});

/** What the client needs of a running pipeline: the api's and ingestion's HTTP servers. */
export interface StoryPipeline {
  apps: { api: UrlApp; ingestion: UrlApp } | null;
}
interface UrlApp {
  getUrl(): Promise<string>;
}

/** `POST /v1/work-items` for a call: the work item, its case and customer, who holds it. */
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

/** An item an agent holds (`/next`, `/v1/agents/:id/work`). */
export interface HeldItem {
  id: string;
  caseId: string;
  channel: string;
  queue: string;
  priority: number;
  updates: number;
  sla: { firstRespondedAt: string | null };
}

/** A row of `GET /v1/cases`. */
export interface CaseListItem {
  id: string;
  caseNumber: string;
  status: string;
  customer: { id: string };
  workItem: { id: string; queue: string; status: string; queuedAt: string | null } | null;
}

/** `GET /v1/cases/:ref`: a case with its timeline (entries of merged and earlier cases too). */
export interface TimelineView {
  id: string;
  caseNumber: string;
  status: string;
  customer: { id: string };
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  mergedInto: { id: string; caseNumber: string } | null;
  mergedCases: Array<{ id: string; caseNumber: string }>;
  followsCase: { id: string; caseNumber: string } | null;
  entries: Array<{
    kind: string;
    text: string;
    platform: string;
    caseNumber: string;
    from: string;
  }>;
}

/** A row of `GET /v1/sla-events`. */
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

const localUrl = async (app: UrlApp) => (await app.getUrl()).replace('[::1]', '127.0.0.1');

/**
 * A story's view of the product through its PUBLIC surfaces only: the signed generic webhook
 * (what a listening tool posts), the phone system's, the agents' and the admin's API, as the
 * bootstrap admin (`STORY_ADMIN`, signed in through `POST /v1/auth/login`). No SQL. The pipeline
 * must run with `storyConfig()`. Every helper throws, naming the request, when the answer is not
 * the one expected.
 */
export class StoryClient {
  private posts = 0;
  private calls = 0;

  private constructor(
    /** The api as the admin: any answer, for a story that checks the status itself. */
    readonly call: ApiCall,
    private readonly ingestion: string,
  ) {}

  /** Signs in as the story admin on the started `pipeline`. */
  static async of(pipeline: StoryPipeline): Promise<StoryClient> {
    if (!pipeline.apps) throw new Error('StoryClient.of: pipeline not started');
    const api = await localUrl(pipeline.apps.api);
    const login = await authedClient(api, null)<{ token: string }>(
      'POST',
      '/v1/auth/login',
      STORY_ADMIN,
    );
    if (login.status !== 200) throw new Error(`story admin login → ${login.status}`);
    return new StoryClient(
      authedClient(api, login.body.token),
      await localUrl(pipeline.apps.ingestion),
    );
  }

  /** Calls the api and expects `status`; resolves to the answer's body. */
  async expectCall<T>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    return this.checked<T>(
      await this.call<T>(method, path, body),
      (s) => s === status,
      method,
      path,
    );
  }

  /** Like `expectCall`, for any 2xx. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    return this.checked<T>(await this.call<T>(method, path, body), (s) => s < 300, method, path);
  }

  private checked<T>(
    answer: ApiResponse<T>,
    expected: (status: number) => boolean,
    method: string,
    path: string,
  ): T {
    if (!expected(answer.status))
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /**
   * A customer's post, as a listening tool delivers it to the generic webhook (202 expected);
   * resolves to its post id. `createdAt` (default now) is the post's own time.
   */
  async post(mention: {
    platform?: 'x' | 'facebook' | 'instagram';
    authorId: string;
    authorHandle?: string;
    text: string;
    createdAt?: Date;
  }): Promise<string> {
    this.posts += 1;
    const externalId = `${Date.now()}${String(this.posts).padStart(6, '0')}`;
    const body = JSON.stringify({
      platform: mention.platform ?? 'x',
      externalId,
      authorId: mention.authorId,
      authorHandle: mention.authorHandle ?? null,
      text: mention.text,
      createdAt: (mention.createdAt ?? new Date()).toISOString(),
    });
    const response = await fetch(`${this.ingestion}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...timestampedSignatureHeaders(STORY_WEBHOOK_SECRET, body),
      },
      body,
    });
    if (response.status !== 202)
      throw new Error(`webhook → ${response.status} ${await response.text()}`);
    return externalId;
  }

  /** A post on X by `authorId` with the handle `user<authorId>`. */
  postOnX(authorId: string, text: string, createdAt?: Date): Promise<string> {
    return this.post({ authorId, authorHandle: `user${authorId}`, text, createdAt });
  }

  /** The phone system puts a call into the queues (`callerNumber`, `note`, `priority`, …). */
  phoneCall(body: Record<string, unknown>): Promise<PhoneWork> {
    this.calls += 1;
    return this.expectCall<PhoneWork>(201, 'POST', '/v1/work-items', {
      channel: 'phone',
      callId: `story-call-${this.calls}`,
      ...body,
    });
  }

  /** The open case of a customer once its work item is in a queue or held. */
  openCaseOf(customerId: string, what = 'the customer’s case routed'): Promise<CaseListItem> {
    return this.openCaseWhere(`customerId=${customerId}`, what);
  }

  /** The open case of an X author (by handle, e.g. `user<authorId>`) once routed. */
  openCaseOfHandle(handle: string, what = `the case of @${handle} routed`): Promise<CaseListItem> {
    return this.openCaseWhere(`handle=${handle}`, what);
  }

  private openCaseWhere(query: string, what: string): Promise<CaseListItem> {
    return waitFor<CaseListItem | undefined>(
      async () =>
        (
          await this.expectCall<{ items: CaseListItem[] }>(
            200,
            'GET',
            `/v1/cases?${query}&status=open`,
          )
        ).items.find(routed),
      { timeoutMs: 90_000, what },
    ) as Promise<CaseListItem>;
  }

  /** The case (by id or number) with its timeline. */
  timeline(ref: string): Promise<TimelineView> {
    return this.expectCall<TimelineView>(200, 'GET', `/v1/cases/${ref}`);
  }

  /** The case (by id or number) once `until` holds for it. */
  async caseWhen(
    ref: string,
    until: (c: TimelineView) => boolean,
    what: string,
  ): Promise<TimelineView> {
    let seen: TimelineView | null = null;
    await waitFor(
      async () => {
        const answer = await this.call<TimelineView>('GET', `/v1/cases/${ref}`);
        seen = answer.status === 200 ? answer.body : null;
        return seen !== null && until(seen);
      },
      { timeoutMs: 60_000, what },
    );
    return seen!;
  }

  /** A new agent of `queues` (the api's default: the shared one), available; its id. */
  async newAgent(name: string, queues?: string[]): Promise<string> {
    const { id } = await this.expectCall<{ id: string }>(201, 'POST', '/v1/agents', {
      name,
      queues,
    });
    await this.expectCall(200, 'PUT', `/v1/agents/${id}/presence`, { presence: 'available' });
    return id;
  }

  /** The agent asks for the next item. */
  next(agentId: string): Promise<HeldItem> {
    return this.expectCall<HeldItem>(200, 'POST', `/v1/agents/${agentId}/next`);
  }

  /** The items the agent holds. */
  async heldBy(agentId: string): Promise<HeldItem[]> {
    return (await this.expectCall<{ items: HeldItem[] }>(200, 'GET', `/v1/agents/${agentId}/work`))
      .items;
  }

  /** The latest 200 SLA events. */
  async slaEvents(): Promise<SlaEvent[]> {
    return (await this.expectCall<{ items: SlaEvent[] }>(200, 'GET', '/v1/sla-events?limit=200'))
      .items;
  }
}
