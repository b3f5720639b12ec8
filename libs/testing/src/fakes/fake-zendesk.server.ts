import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeZendeskUser {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  role: 'end-user' | 'agent' | 'admin';
  user_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface FakeZendeskIdentity {
  id: number;
  user_id: number;
  type: 'email' | 'twitter' | 'facebook' | 'phone_number' | 'google';
  value: string;
  verified: boolean;
  primary: boolean;
}

export interface FakeZendeskComment {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  public: boolean;
  created_at: string;
}

export interface FakeZendeskTicket {
  id: number;
  subject: string | null;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  priority: 'urgent' | 'high' | 'normal' | 'low' | null;
  type: 'problem' | 'incident' | 'question' | 'task' | null;
  requester_id: number;
  external_id: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  comments: FakeZendeskComment[];
}

export interface ZendeskRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];

/**
 * A local stand-in for the Zendesk Support API v2 in its documented wire format: `email/token`
 * basic auth (401 `{"error":"Couldn't authenticate you"}` otherwise); `/users` (end users, with
 * `include=identities` side-loading) and `/users/{id}/identities`; `/tickets` (list, create, show,
 * update with a comment or status, `?external_id=`), `/tickets/{id}/comments`; all lists with
 * cursor pagination (`page[size]`, `meta.has_more`, `links.next`); the cursor-based incremental
 * export `/incremental/tickets/cursor` (`start_time` at least a minute old, `after_cursor`,
 * `end_of_stream`); error bodies `{ error, description, details }`; 429 with `Retry-After` and
 * 503 on demand. Every request is recorded.
 */
export class FakeZendeskServer {
  readonly requests: ZendeskRequest[] = [];
  readonly users = new Map<number, FakeZendeskUser>();
  readonly identities: FakeZendeskIdentity[] = [];
  readonly tickets = new Map<number, FakeZendeskTicket>();
  private server: Server | null = null;
  private base = '';
  private nextId = 1000;
  private clock: () => Date = () => new Date();
  private throttled: Array<{ status: 429 | 503; retryAfter: number | null }> = [];
  private drops = 0;

  /** `pageSize`: the most records per page (Zendesk: 100; small to test paging). */
  constructor(
    private readonly credentials: { email: string; token: string },
    private readonly pageSize = 100,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v2`;
    return this.base;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  setClock(now: () => Date): void {
    this.clock = now;
  }

  /** The next `count` requests get 429 (`Retry-After: seconds`, or none) or 503. */
  throttleNext(count: number, status: 429 | 503 = 429, retryAfter: number | null = 1): void {
    for (let i = 0; i < count; i += 1) this.throttled.push({ status, retryAfter });
  }

  /**
   * The next `count` writes (POST/PUT) are carried out but the connection is cut before the
   * answer: the client cannot know whether they happened (a crash or timeout mid-write).
   */
  dropAnswerNext(count: number): void {
    this.drops = count;
  }

  addUser(fields: Partial<FakeZendeskUser> & { name: string }): FakeZendeskUser {
    const user: FakeZendeskUser = {
      id: this.id(),
      email: null,
      phone: null,
      role: 'end-user',
      user_fields: {},
      created_at: this.now(),
      updated_at: this.now(),
      ...fields,
    };
    this.users.set(user.id, user);
    return user;
  }

  addIdentity(userId: number, type: FakeZendeskIdentity['type'], value: string): void {
    this.identities.push({
      id: this.id(),
      user_id: userId,
      type,
      value,
      verified: true,
      primary: false,
    });
  }

  addTicket(fields: Partial<FakeZendeskTicket> & { requester_id: number }): FakeZendeskTicket {
    const ticket: FakeZendeskTicket = {
      id: this.id(),
      subject: null,
      status: 'open',
      priority: null,
      type: null,
      external_id: null,
      tags: [],
      created_at: this.now(),
      updated_at: this.now(),
      comments: [],
      ...fields,
    };
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  /** Changes a ticket as an agent would in Zendesk (its `updated_at` moves). */
  updateTicket(id: number, fields: Partial<FakeZendeskTicket>): void {
    Object.assign(this.tickets.get(id)!, fields, { updated_at: this.now() });
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  private now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.base);
    const query = Object.fromEntries(url.searchParams.entries());
    const path = url.pathname.replace(/^\/api\/v2/, '').replace(/\.json$/, '');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? 'GET', path, query, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const expected = `Basic ${Buffer.from(`${this.credentials.email}/token:${this.credentials.token}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      send(401, { error: "Couldn't authenticate you" });
      return;
    }
    const throttle = this.throttled.shift();
    if (throttle) {
      const headers: Record<string, string> =
        throttle.retryAfter === null ? {} : { 'Retry-After': String(throttle.retryAfter) };
      if (throttle.status === 429) {
        send(
          429,
          {
            error: 'APIRateLimitExceeded',
            description: 'Number of allowed API requests per minute exceeded',
          },
          headers,
        );
      } else {
        send(
          503,
          { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' },
          headers,
        );
      }
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
        : {};
    } catch {
      send(400, { error: 'InvalidJSON', description: 'The request body is not valid JSON' });
      return;
    }
    const result = this.route(req.method ?? 'GET', path, url.searchParams, body);
    if (this.drops > 0 && req.method !== 'GET') {
      this.drops -= 1;
      this.requests.push({ method: req.method ?? 'GET', path, query, status: 0 });
      res.socket?.destroy();
      return;
    }
    send(result.status, result.body);
  }

  private route(
    method: string,
    path: string,
    q: URLSearchParams,
    body: Record<string, unknown>,
  ): { status: number; body: unknown } {
    const notFound = { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/users') {
      const users = [...this.users.values()].filter(
        (u) => !q.get('role') || u.role === q.get('role'),
      );
      const page = this.page(users, q, '/users');
      const sideLoad = q.get('include')?.split(',').includes('identities');
      const ids = new Set(page.items.map((u) => u.id));
      return {
        status: 200,
        body: {
          users: page.items,
          ...(sideLoad ? { identities: this.identities.filter((i) => ids.has(i.user_id)) } : {}),
          ...page.links,
        },
      };
    }
    if (method === 'GET' && (m = /^\/users\/(\d+)$/.exec(path))) {
      const user = this.users.get(Number(m[1]));
      return user ? { status: 200, body: { user } } : notFound;
    }
    if (method === 'GET' && (m = /^\/users\/(\d+)\/identities$/.exec(path))) {
      if (!this.users.has(Number(m[1]))) return notFound;
      const page = this.page(
        this.identities.filter((i) => i.user_id === Number(m![1])),
        q,
        path,
      );
      return { status: 200, body: { identities: page.items, ...page.links } };
    }
    if (method === 'GET' && path === '/tickets') {
      const all = [...this.tickets.values()].filter(
        (t) => !q.has('external_id') || t.external_id === q.get('external_id'),
      );
      const page = this.page(all, q, '/tickets');
      return { status: 200, body: { tickets: page.items.map((t) => this.view(t)), ...page.links } };
    }
    if (method === 'POST' && path === '/tickets')
      return this.create(body.ticket as Record<string, unknown> | undefined);
    if ((m = /^\/tickets\/(\d+)$/.exec(path))) {
      const ticket = this.tickets.get(Number(m[1]));
      if (!ticket) return notFound;
      if (method === 'GET') return { status: 200, body: { ticket: this.view(ticket) } };
      if (method === 'PUT')
        return this.update(ticket, (body.ticket ?? {}) as Record<string, unknown>);
    }
    if (method === 'GET' && (m = /^\/tickets\/(\d+)\/comments$/.exec(path))) {
      const ticket = this.tickets.get(Number(m[1]));
      if (!ticket) return notFound;
      const page = this.page(ticket.comments, q, path);
      return { status: 200, body: { comments: page.items, ...page.links } };
    }
    if (method === 'GET' && path === '/incremental/tickets/cursor') return this.incremental(q);
    return notFound;
  }

  /** Cursor pagination: `page[size]` (capped), `page[after]` an index; `meta` and `links` as Zendesk sends them. */
  private page<T>(items: T[], q: URLSearchParams, path: string) {
    const size = Math.min(this.pageSize, Number(q.get('page[size]') ?? 100) || 100);
    const start = Number(q.get('page[after]') ?? 0) || 0;
    const slice = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    const next = new URLSearchParams(q);
    next.set('page[after]', String(start + size));
    next.set('page[size]', String(size));
    return {
      items: slice,
      links: {
        meta: {
          has_more: hasMore,
          after_cursor: hasMore ? String(start + size) : null,
          before_cursor: null,
        },
        links: { next: hasMore ? `${this.base}${path}.json?${next.toString()}` : null, prev: null },
      },
    };
  }

  private view(
    t: FakeZendeskTicket,
  ): Omit<FakeZendeskTicket, 'comments'> & { url: string; description: string } {
    const { comments, ...rest } = t;
    return {
      ...rest,
      url: `${this.base}/tickets/${t.id}.json`,
      description: comments[0]?.body ?? '',
    };
  }

  private invalid(details: Record<string, string>) {
    return {
      status: 422,
      body: {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: Object.fromEntries(
          Object.entries(details).map(([k, v]) => [k, [{ description: v, error: 'InvalidValue' }]]),
        ),
      },
    };
  }

  private check(fields: Record<string, unknown>): Record<string, string> {
    const problems: Record<string, string> = {};
    if (
      fields.status !== undefined &&
      (typeof fields.status !== 'string' || !STATUSES.includes(fields.status))
    )
      problems.status = `Status: ${JSON.stringify(fields.status)} is not valid`;
    if (
      fields.priority !== undefined &&
      (typeof fields.priority !== 'string' || !PRIORITIES.includes(fields.priority))
    )
      problems.priority = 'Priority is not valid';
    if (fields.requester_id !== undefined && !this.users.has(Number(fields.requester_id)))
      problems.requester_id = 'Requester is invalid';
    return problems;
  }

  private create(fields: Record<string, unknown> | undefined) {
    if (!fields)
      return { status: 400, body: { error: 'InvalidEndpoint', description: 'ticket is required' } };
    const comment = fields.comment as { body?: string; public?: boolean } | undefined;
    const problems = this.check(fields);
    if (!comment?.body) problems.description = 'Description: cannot be blank';
    // A `requester` object creates the end user (Zendesk: "a new user profile is created").
    const requester = fields.requester as { name?: string; email?: string } | undefined;
    if (requester !== undefined && !requester.name)
      problems.requester = 'Requester: name is required';
    if (fields.requester_id === undefined && requester === undefined)
      problems.requester = 'Requester: cannot be blank';
    if (Object.keys(problems).length) return this.invalid(problems);
    const requesterId =
      fields.requester_id !== undefined
        ? Number(fields.requester_id)
        : this.addUser({ name: requester!.name!, email: requester!.email ?? null }).id;
    const ticket = this.addTicket({
      requester_id: requesterId,
      subject: (fields.subject as string) ?? null,
      status: ((fields.status as string) ?? 'new') as FakeZendeskTicket['status'],
      priority: (fields.priority as FakeZendeskTicket['priority']) ?? null,
      external_id: (fields.external_id as string) ?? null,
      tags: (fields.tags as string[]) ?? [],
    });
    const first = this.comment(ticket, comment!.body!, comment!.public ?? true);
    return {
      status: 201,
      body: {
        ticket: this.view(ticket),
        audit: { id: this.id(), ticket_id: ticket.id, events: [{ id: first.id, type: 'Comment' }] },
      },
    };
  }

  private update(ticket: FakeZendeskTicket, fields: Record<string, unknown>) {
    if (ticket.status === 'closed')
      return this.invalid({ status: 'Status: closed prevents ticket update' });
    const problems = this.check(fields);
    if (Object.keys(problems).length) return this.invalid(problems);
    const events: Array<{ id: number; type: string }> = [];
    const { comment, ...rest } = fields as {
      comment?: { body?: string; public?: boolean };
      status?: string;
    };
    if (comment?.body)
      events.push({
        id: this.comment(ticket, comment.body, comment.public ?? true).id,
        type: 'Comment',
      });
    Object.assign(ticket, rest, { updated_at: this.now() });
    if (rest.status !== undefined) events.push({ id: this.id(), type: 'Change' });
    return {
      status: 200,
      body: { ticket: this.view(ticket), audit: { id: this.id(), ticket_id: ticket.id, events } },
    };
  }

  private comment(ticket: FakeZendeskTicket, body: string, isPublic: boolean): FakeZendeskComment {
    const comment: FakeZendeskComment = {
      id: this.id(),
      type: 'Comment',
      author_id: ticket.requester_id,
      body,
      public: isPublic,
      created_at: this.now(),
    };
    ticket.comments.push(comment);
    return comment;
  }

  /**
   * `GET /incremental/tickets/cursor`: tickets by `updated_at`, then id; `start_time` (Unix
   * seconds, at least a minute old) or `cursor` (our opaque `<updated>.<id>`); `per_page` ≤ 1000.
   */
  private incremental(q: URLSearchParams) {
    const sorted = [...this.tickets.values()].sort(
      (a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id,
    );
    let rest: FakeZendeskTicket[];
    if (q.has('cursor')) {
      const decoded = Buffer.from(q.get('cursor')!, 'base64url').toString('utf8');
      const [updated, id] = decoded.split('|');
      if (!updated || !id)
        return {
          status: 422,
          body: { error: 'InvalidPaginationParameter', description: 'cursor is invalid' },
        };
      rest = sorted.filter(
        (t) => t.updated_at > updated || (t.updated_at === updated && t.id > Number(id)),
      );
    } else {
      const start = Number(q.get('start_time'));
      if (!Number.isInteger(start))
        return {
          status: 400,
          body: { error: 'InvalidValue', description: 'start_time is required' },
        };
      if (start * 1000 > this.clock().getTime() - 60_000) {
        return {
          status: 400,
          body: {
            error: 'InvalidValue',
            description: 'Too recent start_time. Use a start_time older than 1 minute',
          },
        };
      }
      rest = sorted.filter((t) => Date.parse(t.updated_at) >= start * 1000);
    }
    const size = Math.min(this.pageSize, Number(q.get('per_page') ?? 1000) || 1000);
    const page = rest.slice(0, size);
    const last = page.at(-1);
    const cursor = last
      ? Buffer.from(`${last.updated_at}|${last.id}`).toString('base64url')
      : (q.get('cursor') ?? null);
    return {
      status: 200,
      body: {
        tickets: page.map((t) => this.view(t)),
        after_cursor: cursor,
        after_url: cursor ? `${this.base}/incremental/tickets/cursor.json?cursor=${cursor}` : null,
        before_cursor: null,
        before_url: null,
        end_of_stream: rest.length <= size,
      },
    };
  }
}
