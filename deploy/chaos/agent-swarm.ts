const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The admin the suites' api starts with (BOOTSTRAP_ADMIN_*), on their private database only. */
export const SUITE_ADMIN = {
  email: 'chaos-admin@suite.local',
  password: 'chaos-suite-admin-password',
};

let sessionToken: string | null = null;

/** Signs the suite in as its admin; every later API call carries the session. */
export async function signIn(apiUrl: string): Promise<void> {
  const response = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SUITE_ADMIN),
  });
  if (!response.ok)
    throw new Error(`sign-in failed: HTTP ${response.status} ${await response.text()}`);
  sessionToken = ((await response.json()) as { token: string }).token;
}

/** Headers for every API call of the suites: the admin session once signed in. */
export function apiHeaders(): Record<string, string> {
  return sessionToken ? { authorization: `Bearer ${sessionToken}` } : {};
}

export interface SwarmReport {
  handedOut: number;
  /** `next` calls that found nothing to hand out (the agent waits 250 ms and asks again). */
  empty: number;
  completed: number;
  /** Items the API handed out more than once (to the same or another agent). */
  doubleAssigned: number;
  errors: number;
  /** Hand-out latency of `next` (ms), every call that returned an item. */
  nextLatencies: number[];
}

/**
 * Agents working through the API as people would: next → accept → complete, with a heartbeat.
 * Every hand-out is recorded so an item given twice is caught by us, not only by the database.
 */
export class AgentSwarm {
  private readonly holders = new Map<string, string>();
  private readonly report: SwarmReport = {
    handedOut: 0,
    empty: 0,
    completed: 0,
    doubleAssigned: 0,
    errors: 0,
    nextLatencies: [],
  };
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly agents: number,
    /** Mean time (ms) an agent spends on an item: half before accepting, half before completing. */
    private readonly thinkMs: number,
    private readonly headers: Record<string, string> = apiHeaders(),
  ) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.agents; i += 1) {
      const agent = await this.call<{ id: string }>('POST', '/v1/agents', {
        name: `chaos agent ${i}`,
        queues: ['default'],
        capacity: { phone: 1, social: 3 },
      });
      if (!agent) throw new Error('could not create an agent');
      await this.call('PUT', `/v1/agents/${agent.id}/presence`, { presence: 'available' });
      this.loops.push(this.work(agent.id));
    }
  }

  async stop(): Promise<SwarmReport> {
    this.stopping = true;
    await Promise.all(this.loops);
    return this.report;
  }

  private async work(agentId: string): Promise<void> {
    let lastBeat = 0;
    while (!this.stopping) {
      try {
        if (Date.now() - lastBeat > 10_000) {
          await this.call('POST', `/v1/agents/${agentId}/heartbeat`);
          lastBeat = Date.now();
        }
        const started = performance.now();
        const item = await this.call<{ id: string }>('POST', `/v1/agents/${agentId}/next`);
        if (!item) {
          this.report.empty += 1;
          await sleep(250);
          continue;
        }
        this.report.nextLatencies.push(performance.now() - started);
        this.handed(item.id, agentId);
        await sleep(this.thinkMs * Math.random());
        await this.call('POST', `/v1/work-items/${item.id}/accept`, { agentId });
        await sleep(this.thinkMs * Math.random());
        await this.call('POST', `/v1/work-items/${item.id}/complete`, {
          agentId,
          resolutionCode: 'chaos',
        });
        this.report.completed += 1;
      } catch {
        // The API is up but its database may be restarting: a person would retry shortly, and
        // finish what they already hold so they do not sit at capacity.
        this.report.errors += 1;
        await sleep(500);
        await this.finishHeld(agentId).catch(() => undefined);
      }
    }
  }

  private async finishHeld(agentId: string): Promise<void> {
    const held = await this.call<{ items: Array<{ id: string }> }>(
      'GET',
      `/v1/agents/${agentId}/work`,
    );
    for (const item of held?.items ?? []) {
      await this.call('POST', `/v1/work-items/${item.id}/complete`, {
        agentId,
        resolutionCode: 'chaos',
      });
      this.report.completed += 1;
    }
  }

  private handed(itemId: string, agentId: string): void {
    this.report.handedOut += 1;
    if (this.holders.has(itemId)) this.report.doubleAssigned += 1;
    this.holders.set(itemId, agentId);
  }

  /** JSON in and out; 204 → null; any other non-2xx is an error with the API's reason. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    const res = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...this.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status === 204) return null;
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as T) : null;
  }
}
