import { Connection } from 'jsforce';
import {
  CrmRefusedError,
  CrmUnavailableError,
  type CrmConnector,
} from '../domain/crm-connector.port';
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
import { salesforceErrorToCrm } from './salesforce-errors';
import { caseToRecord, contactToCustomer, type SfRecord } from './salesforce-records';
import { salesforceJwtAssertion } from './salesforce-jwt';
import {
  SalesforceConnectorConfigSchema,
  type SalesforceConnectorConfig,
  type SalesforceConnectorSettings,
} from './salesforce-connector.config';
import { SALESFORCE_ID, soqlDateTime, soqlString } from './soql';

interface SfQueryResult {
  done: boolean;
  totalSize: number;
  records: SfRecord[];
  nextRecordsUrl?: string;
}
interface SfSaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
}

/** A change cursor: where the last query started, the newest stamp seen, the query's next page. */
interface ChangeCursor {
  v: 1;
  since: string;
  highWater: string;
  next: string | null;
}

/**
 * Salesforce Service Cloud through jsforce: Contacts (with their Account's number) as customers,
 * Cases, CaseComments. Writes are idempotent: cases are upserted by `caseExternalIdField`
 * (`PATCH /sobjects/Case/<field>/<id>`), and a comment carries `[scb:<externalId>]` in its body so
 * a retry finds it among the case's comments instead of adding another (CaseComment has no custom
 * fields to upsert by). Case changes are read by `SystemModstamp` with an overlap window.
 * Sforce-Limit-Info is watched (see `apiReserve`); REQUEST_LIMIT_EXCEEDED, 503 and connection
 * errors are retried with exponential backoff and full jitter. jsforce's own retry is turned off
 * for our calls so that only one backoff applies.
 */
export class SalesforceConnector implements CrmConnector {
  readonly system = 'salesforce' as const;
  private readonly config: SalesforceConnectorConfig;
  private readonly conn: Connection;
  private session: Promise<void> | null = null;
  private limitReadAt = 0;
  /** How many backoff retries ran (for the sync service's metrics). */
  retries = 0;

  /** Throws a `ZodError` naming each bad setting. */
  constructor(
    settings: SalesforceConnectorSettings,
    private readonly clock: Clock,
    private readonly sleep: Sleeper = realSleep,
  ) {
    this.config = SalesforceConnectorConfigSchema.parse(settings);
    const { auth } = this.config;
    this.conn = new Connection({
      loginUrl: this.config.loginUrl,
      version: this.config.apiVersion,
      oauth2: {
        loginUrl: this.config.loginUrl,
        clientId: auth.clientId,
        ...(auth.kind === 'client-credentials' ? { clientSecret: auth.clientSecret } : {}),
      },
      // On 401 jsforce asks for a new token with the same grant (neither flow has a refresh token).
      refreshFn: (_conn, callback) => {
        this.requestToken().then(
          () => {
            callback(undefined, this.conn.accessToken ?? undefined);
          },
          (error: Error) => {
            callback(error);
          },
        );
      },
    });
  }

  /** The org's API usage from the last `Sforce-Limit-Info` header, when one was seen. */
  apiUsage(): { used: number; limit: number } | null {
    return this.conn.limitInfo.apiUsage ?? null;
  }

  async listCustomers(page: string | null): Promise<CrmPage<CrmCustomerRecord>> {
    const result = page
      ? await this.queryMore(page)
      : await this.query(`SELECT ${this.contactFields()} FROM Contact ORDER BY Id`);
    return {
      items: result.records.map((r) => contactToCustomer(r, this.config.handleFields)),
      next: result.nextRecordsUrl ?? null,
    };
  }

  async getCustomer(crmId: string): Promise<CrmCustomerRecord | null> {
    if (!SALESFORCE_ID.test(crmId)) return null;
    const result = await this.query(
      `SELECT ${this.contactFields()} FROM Contact WHERE Id = ${soqlString(crmId)}`,
    );
    return result.records[0]
      ? contactToCustomer(result.records[0], this.config.handleFields)
      : null;
  }

  async listCases(closedSince: Date, page: string | null): Promise<CrmPage<CrmCaseRecord>> {
    const result = page
      ? await this.queryMore(page)
      : await this.query(
          `SELECT ${this.caseFields()} FROM Case WHERE IsClosed = false OR ClosedDate >= ${soqlDateTime(closedSince)} ORDER BY Id`,
        );
    return {
      items: result.records.map((r) => caseToRecord(r, this.config.caseExternalIdField)),
      next: result.nextRecordsUrl ?? null,
    };
  }

  async readCaseChanges(cursorText: string | null): Promise<CrmChangeBatch> {
    const cursor = this.parseCursor(cursorText);
    let result: SfQueryResult;
    let since = cursor.since;
    if (cursor.next) {
      try {
        result = await this.queryMore(cursor.next);
      } catch (error) {
        // Query locators expire (15 minutes idle); re-running the query repeats, never skips.
        if (!(error instanceof CrmRefusedError && error.code === 'INVALID_QUERY_LOCATOR'))
          throw error;
        result = await this.changeQuery(since);
      }
    } else {
      since = new Date(
        Math.max(0, new Date(cursor.highWater).getTime() - this.config.changeOverlapMs),
      ).toISOString();
      result = await this.changeQuery(since);
    }
    const changes = result.records.map((r) => caseToRecord(r, this.config.caseExternalIdField));
    const highWater = changes.reduce(
      (max, c) => (c.updatedAt.getTime() > max ? c.updatedAt.getTime() : max),
      new Date(cursor.highWater).getTime(),
    );
    const next: ChangeCursor = {
      v: 1,
      since,
      highWater: new Date(highWater).toISOString(),
      next: result.nextRecordsUrl ?? null,
    };
    return { changes, cursor: JSON.stringify(next), hasMore: next.next !== null };
  }

  async upsertCase(newCase: NewCrmCase): Promise<CrmWriteResult> {
    const externalId = checkExternalId('salesforce', newCase.externalId);
    const field = this.config.caseExternalIdField;
    const record: SfRecord = {
      Subject: newCase.subject,
      Description: newCase.description,
      Status: this.config.statusValues[newCase.status],
      Priority: this.priorityValue(newCase.priority),
      Origin: this.config.caseOrigin,
      ...(newCase.category ? { Type: newCase.category } : {}),
      ...(newCase.customerCrmId ? { ContactId: this.checkId(newCase.customerCrmId) } : {}),
    };
    const saved = await this.call(() =>
      this.conn.request<SfSaveResult>(
        {
          method: 'PATCH',
          url: `/sobjects/Case/${field}/${encodeURIComponent(externalId)}`,
          body: JSON.stringify(record),
          headers: { 'content-type': 'application/json' },
        },
        { retry: { maxRetries: 0 }, noContentResponse: { success: true } },
      ),
    );
    if (saved.id) return { crmId: saved.id, created: saved.created === true };
    // Before API 46.0 an update answered 204 without the id: read it back by the external id.
    const found = await this.query(
      `SELECT Id FROM Case WHERE ${field} = ${soqlString(externalId)}`,
    );
    const id = found.records[0]?.Id;
    if (typeof id !== 'string') {
      throw new CrmRefusedError(
        'salesforce',
        'NOT_FOUND',
        `no Case with ${field} ${externalId} after upsert`,
        null,
      );
    }
    return { crmId: id, created: false };
  }

  async addComment(crmCaseId: string, comment: NewCrmComment): Promise<CrmWriteResult> {
    const parentId = this.checkId(crmCaseId);
    checkExternalId('salesforce', comment.externalId);
    // The whole look-then-write is retried, not the POST alone: a connection lost after the POST
    // was sent may have written the comment, and only the look finds out.
    return withCrmRetries(
      () => this.findOrAddComment(parentId, comment),
      this.config.retry,
      this.sleep,
      () => {
        this.retries += 1;
      },
    );
  }

  private async findOrAddComment(
    parentId: string,
    comment: NewCrmComment,
  ): Promise<CrmWriteResult> {
    const marker = commentMarker(comment.externalId);
    let page = await this.query(
      `SELECT Id, CommentBody FROM CaseComment WHERE ParentId = ${soqlString(parentId)} ORDER BY CreatedDate`,
      false,
    );
    for (;;) {
      const existing = page.records.find(
        (r) => typeof r.CommentBody === 'string' && r.CommentBody.includes(marker),
      );
      if (existing && typeof existing.Id === 'string')
        return { crmId: existing.Id, created: false };
      if (!page.nextRecordsUrl) break;
      page = await this.queryMore(page.nextRecordsUrl, false);
    }
    const saved = await this.attempt(() =>
      this.conn.request<SfSaveResult>(
        {
          method: 'POST',
          url: '/sobjects/CaseComment',
          body: JSON.stringify({
            ParentId: parentId,
            CommentBody: withCommentMarker(comment),
            IsPublished: comment.public,
          }),
          headers: { 'content-type': 'application/json' },
        },
        { retry: { maxRetries: 0 } },
      ),
    );
    return { crmId: String(saved.id), created: true };
  }

  async setCaseStatus(crmCaseId: string, status: CaseStatus): Promise<void> {
    const id = this.checkId(crmCaseId);
    const current = await this.query(
      `SELECT Id, Status, IsClosed FROM Case WHERE Id = ${soqlString(id)}`,
    );
    const record = current.records[0];
    if (!record) throw new CrmRefusedError('salesforce', 'NOT_FOUND', `no Case ${id}`, 404);
    // Already in that state (any closed value counts as resolved, any open one as open): no write.
    if ((record.IsClosed === true) === (status === 'resolved')) return;
    await this.call(() =>
      this.conn.request(
        {
          method: 'PATCH',
          url: `/sobjects/Case/${id}`,
          body: JSON.stringify({ Status: this.config.statusValues[status] }),
          headers: { 'content-type': 'application/json' },
        },
        { retry: { maxRetries: 0 }, noContentResponse: { success: true } },
      ),
    );
  }

  private changeQuery(since: string): Promise<SfQueryResult> {
    return this.query(
      `SELECT ${this.caseFields()} FROM Case WHERE SystemModstamp >= ${soqlDateTime(new Date(since))} ORDER BY SystemModstamp, Id`,
    );
  }

  private parseCursor(text: string | null): ChangeCursor {
    if (text === null) {
      const start = new Date(
        this.clock.now().getTime() - this.config.initialLookbackMs,
      ).toISOString();
      return { v: 1, since: start, highWater: start, next: null };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const c = parsed as Partial<ChangeCursor> | null;
    if (
      !c ||
      c.v !== 1 ||
      typeof c.since !== 'string' ||
      typeof c.highWater !== 'string' ||
      Number.isNaN(Date.parse(c.since)) ||
      Number.isNaN(Date.parse(c.highWater)) ||
      !(c.next === null || this.isLocator(c.next))
    ) {
      throw new CrmRefusedError(
        'salesforce',
        'INVALID_CURSOR',
        'not a cursor this connector wrote',
        null,
      );
    }
    return c as ChangeCursor;
  }

  private isLocator(value: unknown): value is string {
    return (
      typeof value === 'string' && /^\/services\/data\/v\d+\.\d\/query\/[A-Za-z0-9-]+$/.test(value)
    );
  }

  private query(soql: string, retry = true): Promise<SfQueryResult> {
    return this.get(`/query?q=${encodeURIComponent(soql)}`, retry);
  }

  private async queryMore(locator: string, retry = true): Promise<SfQueryResult> {
    if (!this.isLocator(locator)) {
      throw new CrmRefusedError(
        'salesforce',
        'INVALID_PAGE',
        'not a page token this connector wrote',
        null,
      );
    }
    return this.get(locator, retry);
  }

  private get(url: string, retry: boolean): Promise<SfQueryResult> {
    const request = () =>
      this.conn.request<SfQueryResult>(
        {
          method: 'GET',
          url,
          headers: { 'Sforce-Query-Options': `batchSize=${this.config.pageSize}` },
        },
        { retry: { maxRetries: 0 } },
      );
    return retry ? this.call(request) : this.attempt(request);
  }

  /** One API call, transient failures retried with backoff and jitter. */
  private async call<T>(request: () => PromiseLike<T>): Promise<T> {
    return withCrmRetries(
      () => this.attempt(request),
      this.config.retry,
      this.sleep,
      () => {
        this.retries += 1;
      },
    );
  }

  /** One API call, once: a session first, the usage reserve checked, errors mapped to the port's. */
  private async attempt<T>(request: () => PromiseLike<T>): Promise<T> {
    await this.ensureSession();
    this.checkReserve();
    try {
      const result = await request();
      this.limitReadAt = this.clock.now().getTime();
      return result;
    } catch (error) {
      throw salesforceErrorToCrm(error);
    }
  }

  private checkReserve(): void {
    const usage = this.apiUsage();
    if (!usage || usage.limit <= 0) return;
    const ceiling = usage.limit * (1 - this.config.apiReserve);
    const sinceRead = this.clock.now().getTime() - this.limitReadAt;
    if (usage.used >= ceiling && sinceRead < this.config.limitRecheckMs) {
      throw new CrmUnavailableError(
        'salesforce',
        'API_USAGE_RESERVE',
        `API usage ${usage.used}/${usage.limit} reached the reserve left to the org (${this.config.apiReserve * 100}%)`,
        this.config.limitRecheckMs - sinceRead,
      );
    }
  }

  private ensureSession(): Promise<void> {
    this.session ??= this.requestToken().catch((error: unknown) => {
      this.session = null;
      throw salesforceErrorToCrm(error);
    });
    return this.session;
  }

  private async requestToken(): Promise<void> {
    const { auth } = this.config;
    if (auth.kind === 'client-credentials') {
      await this.conn.authorize({ grant_type: 'client_credentials' });
      return;
    }
    const assertion = salesforceJwtAssertion({
      clientId: auth.clientId,
      username: auth.username,
      audience: auth.audience ?? this.config.loginUrl,
      privateKeyPem: auth.privateKeyPem,
      now: this.clock.now(),
    });
    await this.conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
  }

  private contactFields(): string {
    const handles = this.config.handleFields.map((h) => h.field);
    return [
      'Id',
      'Name',
      'Email',
      'Phone',
      'MobilePhone',
      'SystemModstamp',
      'Account.AccountNumber',
      ...handles,
    ].join(', ');
  }

  private caseFields(): string {
    return [
      'Id',
      'CaseNumber',
      'Subject',
      'Status',
      'IsClosed',
      'ClosedDate',
      'Priority',
      'Type',
      'ContactId',
      'SystemModstamp',
      this.config.caseExternalIdField,
    ].join(', ');
  }

  private priorityValue(priority: number): string {
    const index = Math.min(5, Math.max(1, Math.round(priority))) - 1;
    return this.config.priorityValues[index];
  }

  private checkId(id: string): string {
    if (!SALESFORCE_ID.test(id)) {
      throw new CrmRefusedError(
        'salesforce',
        'MALFORMED_ID',
        `not a Salesforce id: ${JSON.stringify(id.slice(0, 40))}`,
        null,
      );
    }
    return id;
  }
}
