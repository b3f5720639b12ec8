import { createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSoql, SoqlError, type SoqlRecord } from './fake-soql';

export interface FakeSalesforceOptions {
  clientId: string;
  /** Accepted for the client credentials flow. */
  clientSecret?: string;
  /** Accepted for the JWT bearer flow: the connected app's certificate key and its user. */
  jwtPublicKeyPem?: string;
  jwtUsername?: string;
  /** Records per query page at most (Salesforce: `batchSize` 200–2000; small here to test paging). */
  pageSize?: number;
  /** The org's daily API request limit reported in `Sforce-Limit-Info`. */
  apiLimit?: number;
  caseExternalIdField?: string;
}

export interface SalesforceRequest {
  method: string;
  path: string;
  status: number;
}

const PREFIX: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Case: '500',
  CaseComment: '00a',
};
const WRITABLE: Record<string, string[]> = {
  Case: ['Subject', 'Description', 'Status', 'Priority', 'Origin', 'Type', 'ContactId'],
  CaseComment: ['ParentId', 'CommentBody', 'IsPublished'],
};
const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Closed'];
const CLOSED_STATUSES = ['Closed'];

/**
 * A local stand-in for Salesforce's REST API, in its documented wire format: the OAuth 2.0 token
 * endpoint (`client_credentials`, and `jwt-bearer` with the assertion's RS256 signature and claims
 * checked), `/services/data/vXX.X/query` with `nextRecordsUrl` paging and expiring locators,
 * `sobjects` create, update and upsert by external id (201 created / 200 updated, API 46.0+),
 * error bodies `[{"message","errorCode"}]`, `Sforce-Limit-Info: api-usage=used/limit` on every
 * API answer, 401 INVALID_SESSION_ID for unknown tokens, and injectable 503 SERVER_UNAVAILABLE /
 * 403 REQUEST_LIMIT_EXCEEDED. Dates are Salesforce's `2026-01-01T10:00:00.000+0000`.
 */
export class FakeSalesforceServer {
  readonly requests: SalesforceRequest[] = [];
  readonly objects: Record<string, Map<string, SoqlRecord>> = {
    Account: new Map(),
    Contact: new Map(),
    Case: new Map(),
    CaseComment: new Map(),
  };
  apiUsed = 0;
  tokensIssued = 0;
  private server: Server | null = null;
  private base = '';
  private readonly tokens = new Set<string>();
  private readonly locators = new Map<string, SoqlRecord[]>();
  private failures: Array<'unavailable' | 'limit'> = [];
  private drops = 0;
  private sequence = 0;
  private caseNumber = 1000;
  private clock: () => Date = () => new Date();
  private readonly pageSize: number;
  private readonly apiLimit: number;
  private readonly extField: string;

  constructor(private readonly options: FakeSalesforceOptions) {
    this.pageSize = options.pageSize ?? 2000;
    this.apiLimit = options.apiLimit ?? 15_000;
    this.extField = options.caseExternalIdField ?? 'SCB_External_Id__c';
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Salesforce's clock: the `SystemModstamp` of every write. */
  setClock(now: () => Date): void {
    this.clock = now;
  }

  /** The next `count` API requests fail: 503 SERVER_UNAVAILABLE or 403 REQUEST_LIMIT_EXCEEDED. */
  failNext(count: number, kind: 'unavailable' | 'limit'): void {
    for (let i = 0; i < count; i += 1) this.failures.push(kind);
  }

  /**
   * The next `count` writes (POST/PATCH) are carried out but the connection is cut before the
   * answer: the client cannot know whether they happened (a crash or timeout mid-write).
   */
  dropAnswerNext(count: number): void {
    this.drops = count;
  }

  /** Every issued access token is revoked (the next API call gets 401 INVALID_SESSION_ID). */
  expireSessions(): void {
    this.tokens.clear();
  }

  /** Every open query locator expires (queryMore gets INVALID_QUERY_LOCATOR). */
  expireQueryLocators(): void {
    this.locators.clear();
  }

  insert(type: string, fields: SoqlRecord): string {
    const id = this.newId(type);
    const record: SoqlRecord = {
      Id: id,
      ...fields,
      CreatedDate: this.stamp(),
      SystemModstamp: this.stamp(),
    };
    if (type === 'Case') {
      this.caseNumber += 1;
      record.CaseNumber = String(this.caseNumber).padStart(8, '0');
      record.Status ??= 'New';
      this.applyClosed(record);
    }
    // Salesforce's default: a comment is private unless published (shown in the portal).
    if (type === 'CaseComment') record.IsPublished ??= false;
    this.objects[type].set(id, record);
    return id;
  }

  update(type: string, id: string, fields: SoqlRecord): void {
    const record = this.objects[type].get(id)!;
    Object.assign(record, fields, { SystemModstamp: this.stamp() });
    if (type === 'Case') this.applyClosed(record);
  }

  /** Sets a record's `SystemModstamp` (a transaction that started earlier and committed late). */
  backdate(type: string, id: string, at: Date): void {
    this.objects[type].get(id)!.SystemModstamp = this.format(at);
  }

  commentsOf(caseId: string): SoqlRecord[] {
    return [...this.objects.CaseComment.values()].filter((c) => c.ParentId === caseId);
  }

  private applyClosed(record: SoqlRecord): void {
    const closed = CLOSED_STATUSES.includes(String(record.Status));
    if (closed && !record.IsClosed) record.ClosedDate = this.stamp();
    if (!closed) record.ClosedDate = null;
    record.IsClosed = closed;
  }

  private newId(type: string): string {
    this.sequence += 1;
    return `${PREFIX[type]}Dn${String(this.sequence).padStart(10, '0')}AAA`;
  }

  private format(at: Date): string {
    return at.toISOString().replace('Z', '+0000');
  }

  private stamp(): string {
    return this.format(this.clock());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.base);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    if (url.pathname === '/services/oauth2/token' && req.method === 'POST') {
      const result = this.token(new URLSearchParams(body));
      send(result.status, result.body);
      return;
    }
    const api = /^\/services\/data\/v(\d+\.\d)(\/.*)$/.exec(url.pathname);
    if (!api) {
      send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      send(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      return;
    }
    this.apiUsed += 1;
    const limitInfo = { 'Sforce-Limit-Info': `api-usage=${this.apiUsed}/${this.apiLimit}` };
    const failure = this.failures.shift();
    if (failure === 'unavailable') {
      send(
        503,
        [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }],
        limitInfo,
      );
      return;
    }
    if (failure === 'limit') {
      send(
        403,
        [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        limitInfo,
      );
      return;
    }
    try {
      const result = this.api(req.method ?? 'GET', api[1], api[2], url, body, req);
      if (this.drops > 0 && req.method !== 'GET') {
        this.drops -= 1;
        this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status: 0 });
        res.socket?.destroy();
        return;
      }
      send(result.status, result.body, limitInfo);
    } catch (error) {
      const code = error instanceof SoqlError ? 'MALFORMED_QUERY' : 'JSON_PARSER_ERROR';
      send(400, [{ message: (error as Error).message, errorCode: code }], limitInfo);
    }
  }

  private token(params: URLSearchParams): { status: number; body: unknown } {
    const refuse = (error: string, description: string) => ({
      status: 400,
      body: { error, error_description: description },
    });
    if (params.get('client_id') !== this.options.clientId)
      return refuse('invalid_client_id', 'client identifier invalid');
    const grant = params.get('grant_type');
    if (grant === 'client_credentials') {
      if (!this.options.clientSecret || params.get('client_secret') !== this.options.clientSecret) {
        return refuse('invalid_client', 'invalid client credentials');
      }
    } else if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const problem = this.checkAssertion(params.get('assertion') ?? '');
      if (problem) return refuse('invalid_grant', problem);
    } else {
      return refuse('unsupported_grant_type', 'grant type not supported');
    }
    const accessToken = `00DDn0000000001!${randomBytes(24).toString('base64url')}`;
    this.tokens.add(accessToken);
    this.tokensIssued += 1;
    return {
      status: 200,
      body: {
        access_token: accessToken,
        instance_url: this.base,
        id: `${this.base}/id/00DDn0000000001AAA/005Dn0000000001AAA`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: randomBytes(32).toString('base64'),
      },
    };
  }

  private checkAssertion(assertion: string): string | null {
    const [header, claims, signature] = assertion.split('.');
    if (!header || !claims || !signature || !this.options.jwtPublicKeyPem)
      return 'invalid assertion';
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${claims}`);
    if (!verifier.verify(this.options.jwtPublicKeyPem, Buffer.from(signature, 'base64url'))) {
      return 'invalid assertion';
    }
    const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (c.iss !== this.options.clientId) return 'invalid assertion';
    if (c.sub !== this.options.jwtUsername) return "user hasn't approved this consumer";
    if (c.aud !== this.base) return 'audience is invalid';
    if (typeof c.exp !== 'number' || c.exp * 1000 < this.clock().getTime())
      return 'expired authorization code';
    return null;
  }

  private api(
    method: string,
    version: string,
    path: string,
    url: URL,
    body: string,
    req: IncomingMessage,
  ): { status: number; body: unknown } {
    const batch = /batchSize=(\d+)/.exec(String(req.headers['sforce-query-options'] ?? ''));
    const pageSize = Math.min(this.pageSize, batch ? Number(batch[1]) : 2000);
    if (method === 'GET' && path === '/query')
      return this.query(version, url.searchParams.get('q') ?? '', pageSize);
    const more = /^\/query\/([A-Za-z0-9]+)-(\d+)$/.exec(path);
    if (method === 'GET' && more) {
      const rows = this.locators.get(more[1]);
      if (!rows)
        return {
          status: 400,
          body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }],
        };
      return this.page(version, more[1], rows, Number(more[2]), pageSize);
    }
    const upsert = /^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/.exec(path);
    if (method === 'PATCH' && upsert)
      return this.upsert(upsert[1], upsert[2], decodeURIComponent(upsert[3]), body);
    const update = /^\/sobjects\/(\w+)\/(\w+)$/.exec(path);
    if (method === 'PATCH' && update) return this.write(update[1], update[2], body);
    const create = /^\/sobjects\/(\w+)$/.exec(path);
    if (method === 'POST' && create) return this.write(create[1], null, body);
    return {
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    };
  }

  private query(
    version: string,
    soql: string,
    pageSize: number,
  ): { status: number; body: unknown } {
    const q = parseSoql(soql);
    const table = this.objects[q.object];
    if (!table)
      return {
        status: 400,
        body: [
          { message: `sObject type '${q.object}' is not supported.`, errorCode: 'INVALID_TYPE' },
        ],
      };
    const resolve = (r: SoqlRecord, path: string): unknown => {
      const [head, tail] = path.split('.');
      if (!tail) return r[head];
      const related = this.objects[head]?.get(String(r[`${head}Id`]));
      return related?.[tail];
    };
    let rows = [...table.values()].filter((r) => q.where(r, resolve));
    rows.sort((a, b) => {
      for (const { field, desc } of q.orderBy) {
        const x = JSON.stringify(resolve(a, field) ?? '');
        const y = JSON.stringify(resolve(b, field) ?? '');
        if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return 0;
    });
    if (q.limit !== null) rows = rows.slice(0, q.limit);
    const projected = rows.map((r) => {
      const out: SoqlRecord = {
        attributes: {
          type: q.object,
          url: `/services/data/v${version}/sobjects/${q.object}/${String(r.Id)}`,
        },
      };
      for (const field of q.fields) {
        const [head, tail] = field.split('.');
        if (!tail) {
          out[head] = r[head] ?? null;
          continue;
        }
        const related = this.objects[head]?.get(String(r[`${head}Id`]));
        out[head] = related ? { attributes: { type: head }, [tail]: related[tail] ?? null } : null;
      }
      return out;
    });
    const locator = `01gDn${randomBytes(6).toString('hex')}`;
    this.locators.set(locator, projected);
    return this.page(version, locator, projected, 0, pageSize);
  }

  private page(version: string, locator: string, rows: SoqlRecord[], offset: number, size: number) {
    const records = rows.slice(offset, offset + size);
    const done = offset + size >= rows.length;
    if (done) this.locators.delete(locator);
    return {
      status: 200,
      body: {
        totalSize: rows.length,
        done,
        records,
        ...(done
          ? {}
          : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${offset + size}` }),
      },
    };
  }

  private upsert(type: string, field: string, value: string, body: string) {
    if (type !== 'Case' || field !== this.extField) {
      return {
        status: 400,
        body: [
          {
            message: `Provided external ID field does not exist or is not accessible: ${field}`,
            errorCode: 'NOT_FOUND',
          },
        ],
      };
    }
    const existing = [...this.objects.Case.values()].find((r) => r[field] === value);
    const result = this.write('Case', existing ? String(existing.Id) : null, body, {
      [field]: value,
    });
    if (result.status >= 400) return result;
    return existing
      ? { status: 200, body: { id: existing.Id, success: true, errors: [], created: false } }
      : { status: 201, body: { ...(result.body as object), created: true } };
  }

  private write(type: string, id: string | null, body: string, extra: SoqlRecord = {}) {
    const fields = JSON.parse(body) as SoqlRecord;
    const allowed = [...(WRITABLE[type] ?? []), ...(type === 'Case' ? [this.extField] : [])];
    const bad = Object.keys(fields).find((f) => !allowed.includes(f));
    if (bad)
      return {
        status: 400,
        body: [
          {
            message: `No such column '${bad}' on sobject of type ${type}`,
            errorCode: 'INVALID_FIELD',
          },
        ],
      };
    if (
      type === 'Case' &&
      fields.Status !== undefined &&
      (typeof fields.Status !== 'string' || !CASE_STATUSES.includes(fields.Status))
    ) {
      return {
        status: 400,
        body: [
          {
            message: `Status: bad value for restricted picklist field: ${JSON.stringify(fields.Status)}`,
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            fields: ['Status'],
          },
        ],
      };
    }
    if (fields.ContactId !== undefined && !this.objects.Contact.has(fields.ContactId as string)) {
      return {
        status: 400,
        body: [
          {
            message: 'Contact ID: id value of incorrect type',
            errorCode: 'INVALID_CROSS_REFERENCE_KEY',
            fields: ['ContactId'],
          },
        ],
      };
    }
    if (type === 'CaseComment' && !this.objects.Case.has(String(fields.ParentId))) {
      return {
        status: 400,
        body: [
          {
            message: 'Parent ID: id value of incorrect type',
            errorCode: 'INVALID_CROSS_REFERENCE_KEY',
            fields: ['ParentId'],
          },
        ],
      };
    }
    if (id === null) {
      const created = this.insert(type, { ...fields, ...extra });
      return { status: 201, body: { id: created, success: true, errors: [] } };
    }
    if (!this.objects[type]?.has(id))
      return {
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      };
    this.update(type, id, fields);
    return { status: 204, body: undefined };
  }
}
