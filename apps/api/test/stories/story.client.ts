import { randomInt } from 'node:crypto';
import { seedApiKey, waitFor } from '@scb/testing';
import { timestampedSignatureHeaders } from '@scb/social-sources';
import type { PipelineHarness } from '../pipeline.harness';

/** The generic webhook's secret the stories sign with (WEBHOOK_SECRET of ingestion). */
export const STORY_WEBHOOK_SECRET = 'story-webhook-secret-0123456789';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface TimelineEntry {
  kind: string;
  text: string;
  platform: string;
}
export interface CaseView {
  id: string;
  caseNumber: string;
  customer: { id: string };
  workItem: { id: string; queue: string; status: string; agentId: string | null } | null;
  entries: TimelineEntry[];
}

/**
 * A story's way in: the public HTTP APIs of the running pipeline only (the api as admin, the
 * ingestion webhook signed as a listening tool would sign it). No SQL.
 */
export class StoryClient {
  private constructor(
    private readonly api: string,
    private readonly ingestion: string,
    private readonly key: string,
  ) {}

  static async of(pipeline: PipelineHarness): Promise<StoryClient> {
    const url = async (app: { getUrl(): Promise<string> }) =>
      (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new StoryClient(
      await url(pipeline.apps!.api),
      await url(pipeline.apps!.ingestion),
      // The operator's admin key: the credential, not the story, is set up directly.
      await seedApiKey(pipeline.dataSource, 'admin'),
    );
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Like `call`, failing the story unless the answer is 2xx. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
    const answer = await this.call<T>(method, path, body);
    if (answer.status >= 300)
      throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A customer's post, as a listening tool delivers it to the generic webhook; its post id. */
  async post(mention: {
    platform?: 'x' | 'facebook' | 'instagram';
    authorId: string;
    authorHandle?: string;
    text: string;
  }): Promise<string> {
    const externalId = `${Date.now()}${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const body = JSON.stringify({
      platform: mention.platform ?? 'x',
      externalId,
      authorId: mention.authorId,
      authorHandle: mention.authorHandle ?? null,
      text: mention.text,
      createdAt: new Date().toISOString(),
    });
    const response = await fetch(`${this.ingestion}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...timestampedSignatureHeaders(STORY_WEBHOOK_SECRET, body),
      },
      body,
    });
    if (response.status >= 300)
      throw new Error(`webhook → ${response.status} ${await response.text()}`);
    return externalId;
  }

  /** The case (by id or number) once `until` holds for it. */
  async caseWhen(ref: string, until: (c: CaseView) => boolean, what: string): Promise<CaseView> {
    let seen: CaseView | null = null;
    await waitFor(
      async () => {
        const answer = await this.call<CaseView>('GET', `/v1/cases/${ref}`);
        seen = answer.status === 200 ? answer.body : null;
        return seen !== null && until(seen);
      },
      { timeoutMs: 60_000, what },
    );
    return seen!;
  }

  /** A new available agent of `queues`. */
  async agent(name: string, queues = ['default']): Promise<string> {
    const { id } = await this.ok<{ id: string }>('POST', '/v1/agents', { name, queues });
    await this.ok('PUT', `/v1/agents/${id}/presence`, { presence: 'available' });
    return id;
  }
}
