import { createClient, type ZendeskClient } from 'node-zendesk';
import { CrmRefusedError, type CrmConnector } from '../domain/crm-connector.port';
import type {
  CaseStatus,
  CrmCaseRecord,
  CrmChangeBatch,
  CrmCustomerRecord,
  CrmPage,
  CrmWriteResult,
  NewCrmCase,
  NewCrmComment,
} from '../domain/crm-records';
import { checkExternalId, commentMarker, withCommentMarker } from '../domain/comment-marker';
import type { Clock } from '@scb/core';
import { realSleep, withCrmRetries, type Sleeper } from '../retry/crm-retry';
import {
  ZendeskConnectorConfigSchema,
  type ZendeskConnectorConfig,
  type ZendeskConnectorSettings,
} from './zendesk-connector.config';
import { zendeskErrorToCrm, zendeskStatusToCrm } from './zendesk-errors';
import {
  ticketStatus,
  ticketToRecord,
  userToCustomer,
  type ZdIdentity,
  type ZdTicket,
  type ZdUser,
} from './zendesk-records';

interface ZdComment {
  id: number;
  body?: string;
}
interface Paged {
  meta?: { has_more?: boolean };
  links?: { next?: string | null };
  next_page?: string | null;
}
interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
}

/** A change cursor: Zendesk's `after_cursor`, or the start time before the first read. */
type ChangeCursor = { v: 1; cursor: string } | { v: 1; startTime: number };

/**
 * Zendesk Support through node-zendesk: end users (with their identities, side-loaded) as
 * customers, tickets and their comments. A ticket we open carries our id in `external_id`, and a
 * retry finds it (`GET /tickets?external_id=`) instead of opening another; a comment carries
 * `[scb:<externalId>]` and a retry finds it among the ticket's comments. Changes come from the
 * cursor-based incremental ticket export. 429 and 5xx are retried after `Retry-After` when Zendesk
 * sends it, else with exponential backoff and full jitter.
 *
 * node-zendesk's list helpers (`getAll`) stop paging silently on a 429, so pages are walked here,
 * one request at a time, each one's status checked.
 */
export class ZendeskConnector implements CrmConnector {
  readonly system = 'zendesk' as const;
  private readonly config: ZendeskConnectorConfig;
  private readonly client: ZendeskClient;
  /** How many backoff retries ran (for the sync service's metrics). */
  retries = 0;

  /** Throws a `ZodError` naming each bad setting. */
  constructor(
    settings: ZendeskConnectorSettings,
    private readonly clock: Clock,
    private readonly sleep: Sleeper = realSleep,
  ) {
    this.config = ZendeskConnectorConfigSchema.parse(settings);
    const { auth } = this.config;
    this.client = createClient({
      endpointUri: this.config.endpointUri,
      ...(auth.kind === 'api-token'
        ? { username: auth.email, token: auth.token }
        : { token: auth.accessToken, useOAuth: true }),
      // Errors keep their HTTP status and Zendesk's body instead of a flattened message.
      throwOriginalException: true,
      // node-zendesk logs through console by default; we report through our errors instead.
      debug: false,
    });
  }

  async listCustomers(page: string | null): Promise<CrmPage<CrmCustomerRecord>> {
    const body = await this.get<Paged & { users: ZdUser[]; identities?: ZdIdentity[] }>(
      page ?? ['users', { role: 'end-user', include: 'identities' }],
    );
    const identities = body.identities ?? [];
    return {
      items: body.users.map((u) =>
        userToCustomer(
          u,
          identities.filter((i) => i.user_id === u.id),
          this.config.accountNumberField,
        ),
      ),
      next: this.nextPage(body),
    };
  }

  async getCustomer(crmId: string): Promise<CrmCustomerRecord | null> {
    if (!/^\d{1,20}$/.test(crmId)) return null;
    let user: ZdUser;
    try {
      user = (await this.get<{ user: ZdUser }>(['users', crmId])).user;
    } catch (error) {
      if (error instanceof CrmRefusedError && error.status === 404) return null;
      throw error;
    }
    const identities: ZdIdentity[] = [];
    let next: string | Array<string | object> | null = ['users', crmId, 'identities'];
    while (next) {
      const body: Paged & { identities: ZdIdentity[] } = await this.get(next);
      identities.push(...body.identities);
      next = this.nextPage(body);
    }
    return userToCustomer(user, identities, this.config.accountNumberField);
  }

  /**
   * Walks `/tickets` and keeps the open ones and the solved or closed ones updated since
   * `closedSince` (a ticket's solve time is not on the ticket; its last update is the bound).
   */
  async listCases(closedSince: Date, page: string | null): Promise<CrmPage<CrmCaseRecord>> {
    const body = await this.get<Paged & { tickets: ZdTicket[] }>(page ?? ['tickets']);
    const items = body.tickets
      .map((t) => ticketToRecord(t))
      .filter((c) => c.status === 'open' || c.updatedAt.getTime() >= closedSince.getTime());
    return { items, next: this.nextPage(body) };
  }

  async readCaseChanges(cursorText: string | null): Promise<CrmChangeBatch> {
    const cursor = this.parseCursor(cursorText);
    const body = await this.get<{
      tickets: ZdTicket[];
      after_cursor: string | null;
      end_of_stream: boolean;
    }>(
      'cursor' in cursor
        ? ['incremental', 'tickets', 'cursor', { cursor: cursor.cursor }]
        : ['incremental', 'tickets', 'cursor', { start_time: cursor.startTime }],
    );
    const next: ChangeCursor = body.after_cursor ? { v: 1, cursor: body.after_cursor } : cursor;
    return {
      changes: body.tickets.map((t) => ticketToRecord(t)),
      cursor: JSON.stringify(next),
      hasMore: !body.end_of_stream,
    };
  }

  async upsertCase(newCase: NewCrmCase): Promise<CrmWriteResult> {
    checkExternalId('zendesk', newCase.externalId);
    const fields = {
      subject: newCase.subject,
      status: this.config.statusValues[newCase.status],
      priority:
        this.config.priorityValues[Math.min(5, Math.max(1, Math.round(newCase.priority))) - 1],
      ...(newCase.customerCrmId
        ? { requester_id: Number(this.checkNumericId(newCase.customerCrmId)) }
        : {}),
    };
    // Looked up then written as one retried unit: after a lost answer the look finds the ticket.
    return withCrmRetries(
      async () => {
        const found = await this.get<{ tickets: ZdTicket[] }>(
          ['tickets', { external_id: newCase.externalId }],
          false,
        );
        const existing = found.tickets.find((t) => t.external_id === newCase.externalId);
        if (existing) {
          await this.send(() => this.client.tickets.update(existing.id, { ticket: fields }));
          return { crmId: String(existing.id), created: false };
        }
        const created = await this.send(() =>
          this.client.tickets.create({
            ticket: {
              ...fields,
              external_id: newCase.externalId,
              // A ticket needs a requester: one the CRM does not know is created from its name
              // (the Tickets API's `requester` object).
              ...(newCase.customerCrmId
                ? {}
                : { requester: { name: newCase.customerName ?? 'Social customer' } }),
              comment: { body: newCase.description, public: false },
              tags: this.config.tags,
            },
          }),
        );
        // node-zendesk unwraps `{ ticket }` for its typed methods.
        return { crmId: String((created as ZdTicket).id), created: true };
      },
      this.config.retry,
      this.sleep,
      () => {
        this.retries += 1;
      },
    );
  }

  async addComment(crmCaseId: string, comment: NewCrmComment): Promise<CrmWriteResult> {
    const id = this.checkNumericId(crmCaseId);
    checkExternalId('zendesk', comment.externalId);
    const marker = commentMarker(comment.externalId);
    return withCrmRetries(
      async () => {
        let next: string | Array<string | object> | null = ['tickets', id, 'comments'];
        while (next) {
          const body: Paged & { comments: ZdComment[] } = await this.get(next, false);
          const existing = body.comments.find((c) => c.body?.includes(marker));
          if (existing) return { crmId: String(existing.id), created: false };
          next = this.nextPage(body);
        }
        // Raw transport: the typed update unwraps `{ ticket }` and drops the audit, which holds
        // the new comment's id.
        const updated = await this.send<{
          audit?: { events?: Array<{ id: number; type: string }> };
        }>(() =>
          this.client.tickets.transporter.request('PUT', ['tickets', id], {
            ticket: { comment: { body: withCommentMarker(comment), public: comment.public } },
          }),
        );
        const event = updated.audit?.events?.find((e) => e.type === 'Comment');
        return { crmId: event ? String(event.id) : `${id}:${comment.externalId}`, created: true };
      },
      this.config.retry,
      this.sleep,
      () => {
        this.retries += 1;
      },
    );
  }

  async setCaseStatus(crmCaseId: string, status: CaseStatus): Promise<void> {
    const id = this.checkNumericId(crmCaseId);
    const { ticket } = await this.get<{ ticket: ZdTicket }>(['tickets', id]);
    if (ticketStatus(ticket.status) === status) return;
    await this.call(() =>
      this.send(() =>
        this.client.tickets.update(Number(id), {
          ticket: { status: this.config.statusValues[status] },
        }),
      ),
    );
  }

  /** A GET through node-zendesk's transport (its URL building and auth), the status checked here. */
  private get<T>(uri: string | Array<string | object>, retry = true): Promise<T> {
    const request = () =>
      this.send<T>(() =>
        // The sub-client only assembles the URL; an array is copied (assembleUrl consumes it).
        this.client.tickets.transporter.request('GET', Array.isArray(uri) ? [...uri] : uri),
      );
    return retry ? this.call(request) : request();
  }

  /** Runs one node-zendesk call and turns any non-2xx answer or thrown error into the port's errors. */
  private async send<T>(request: () => Promise<unknown>): Promise<T> {
    let answer: unknown;
    try {
      answer = await request();
    } catch (error) {
      throw zendeskErrorToCrm(error);
    }
    const { response, result } = (answer ?? {}) as { response?: RawResponse; result?: unknown };
    if (response && response.status >= 400) {
      // node-zendesk hands back (not throws) a 429 or 503 that carries Retry-After.
      const body = result instanceof Error ? (result as { result?: unknown }).result : result;
      throw zendeskStatusToCrm(response.status, body, response.headers.get('retry-after'));
    }
    return (result ?? answer) as T;
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return withCrmRetries(request, this.config.retry, this.sleep, () => {
      this.retries += 1;
    });
  }

  private nextPage(body: Paged): string | null {
    if (body.meta)
      return body.meta.has_more && body.links?.next ? this.checkPage(body.links.next) : null;
    return body.next_page ? this.checkPage(body.next_page) : null;
  }

  /** Page tokens are Zendesk's own next-page URLs: only ones under our endpoint are followed. */
  private checkPage(url: string): string {
    if (!url.startsWith(`${this.config.endpointUri}/`)) {
      throw new CrmRefusedError(
        'zendesk',
        'INVALID_PAGE',
        'a next page outside the configured endpoint',
        null,
      );
    }
    return url;
  }

  private parseCursor(text: string | null): ChangeCursor {
    const oldest = Math.floor((this.clock.now().getTime() - 60_000) / 1000);
    if (text === null) {
      const start = Math.floor((this.clock.now().getTime() - this.config.initialLookbackMs) / 1000);
      return { v: 1, startTime: Math.min(start, oldest) };
    }
    let c: Record<string, unknown> | null = null;
    try {
      c = JSON.parse(text) as Record<string, unknown>;
    } catch {
      c = null;
    }
    if (c?.v === 1 && typeof c.cursor === 'string' && c.cursor.length > 0)
      return { v: 1, cursor: c.cursor };
    if (c?.v === 1 && typeof c.startTime === 'number' && Number.isInteger(c.startTime)) {
      return { v: 1, startTime: Math.min(c.startTime, oldest) };
    }
    throw new CrmRefusedError(
      'zendesk',
      'INVALID_CURSOR',
      'not a cursor this connector wrote',
      null,
    );
  }

  private checkNumericId(id: string): string {
    if (!/^\d{1,20}$/.test(id)) {
      throw new CrmRefusedError(
        'zendesk',
        'INVALID_ID',
        `not a Zendesk id: ${JSON.stringify(id.slice(0, 40))}`,
        null,
      );
    }
    return id;
  }
}
