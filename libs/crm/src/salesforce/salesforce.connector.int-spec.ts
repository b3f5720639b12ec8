import { generateKeyPairSync } from 'node:crypto';
import { FakeSalesforceServer } from '@scb/testing';
import {
  CrmAuthError,
  CrmRefusedError,
  CrmUnavailableError,
  SalesforceConnector,
  type CrmCaseRecord,
  type SalesforceConnectorSettings,
} from '@scb/crm';

const CLIENT_ID = '3MVG9fake.consumer.key';
const SECRET = 'fake-consumer-secret-0123456789';

describe('SalesforceConnector (jsforce) against a Salesforce REST stand-in', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let fake: FakeSalesforceServer;
  let baseUrl: string;
  let now: Date;
  const clock = { now: () => now };
  const connector = (overrides: Partial<SalesforceConnectorSettings> = {}) =>
    new SalesforceConnector(
      {
        loginUrl: baseUrl,
        apiVersion: '62.0',
        auth: { kind: 'client-credentials', clientId: CLIENT_ID, clientSecret: SECRET },
        caseExternalIdField: 'SCB_External_Id__c',
        handleFields: [{ platform: 'x', field: 'Twitter_Handle__c' }],
        pageSize: 2,
        changeOverlapMs: 60_000,
        retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxServerWaitMs: 1_000 },
        ...overrides,
      },
      clock,
    );

  beforeEach(async () => {
    now = new Date('2026-03-01T12:00:00Z');
    fake = new FakeSalesforceServer({
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      jwtPublicKeyPem: publicPem,
      jwtUsername: 'integration@example.com',
      pageSize: 2,
    });
    fake.setClock(() => now);
    baseUrl = await fake.start();
  });

  afterEach(() => fake.stop());

  const seedContacts = () => {
    const account = fake.insert('Account', { Name: 'Lee Household', AccountNumber: 'AC-123456' });
    const ids = [
      fake.insert('Contact', {
        Name: 'Ana Lee',
        Email: 'Ana@Example.com',
        Phone: '+1 415 555 2671',
        AccountId: account,
        Twitter_Handle__c: '@analee',
      }),
      fake.insert('Contact', {
        Name: 'Bo Chan',
        Email: 'bo@example.com',
        MobilePhone: '+44 20 7946 0958',
        Twitter_Handle__c: '115887',
      }),
      fake.insert('Contact', { Name: 'Cy Diaz' }),
      fake.insert('Contact', { Name: 'Di Eze', Email: 'di@example.com' }),
      fake.insert('Contact', { Name: 'Ed Fox', Phone: '020 7946 0000' }),
    ];
    return { account, ids };
  };

  it('reads every customer over nextRecordsUrl pages with emails, phones, handles and account numbers', async () => {
    const { ids } = seedContacts();
    const sf = connector();
    const seen: string[] = [];
    let page: string | null = null;
    let pages = 0;
    do {
      const result = await sf.listCustomers(page);
      seen.push(...result.items.map((c) => c.crmId));
      page = result.next;
      pages += 1;
      if (pages === 1) {
        expect(result.items[0]).toEqual({
          crmId: ids[0],
          displayName: 'Ana Lee',
          emails: ['ana@example.com'],
          phones: ['+1 415 555 2671'],
          handles: [{ platform: 'x', handle: 'analee', externalUserId: null }],
          accountNumbers: ['AC-123456'],
          updatedAt: now,
        });
        expect(result.items[1].handles).toEqual([
          { platform: 'x', handle: null, externalUserId: '115887' },
        ]);
        expect(result.items[1].phones).toEqual(['+44 20 7946 0958']);
      }
    } while (page);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect(fake.requests.filter((r) => r.path.includes('/query/'))).toHaveLength(2);
    expect(await sf.getCustomer(ids[3])).toMatchObject({
      displayName: 'Di Eze',
      emails: ['di@example.com'],
    });
    expect(await sf.getCustomer('003Dn0000009999AAA')).toBeNull();
    expect(await sf.getCustomer("x' OR Name != '")).toBeNull();
  });

  it('signs in with the JWT bearer flow, and a wrong key is an auth error', async () => {
    seedContacts();
    const jwt = connector({
      auth: {
        kind: 'jwt-bearer',
        clientId: CLIENT_ID,
        username: 'integration@example.com',
        privateKeyPem: privatePem,
      },
    });
    expect((await jwt.listCustomers(null)).items).toHaveLength(2);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const wrong = connector({
      auth: {
        kind: 'jwt-bearer',
        clientId: CLIENT_ID,
        username: 'integration@example.com',
        privateKeyPem: other,
      },
    });
    await expect(wrong.listCustomers(null)).rejects.toBeInstanceOf(CrmAuthError);
    const badSecret = connector({
      auth: { kind: 'client-credentials', clientId: CLIENT_ID, clientSecret: 'nope' },
    });
    const refused = await badSecret.listCustomers(null).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CrmAuthError);
    expect(String(refused)).toMatch(/invalid_client/);
    // The reason never carries a credential.
    expect(JSON.stringify({ ...(refused as object), message: String(refused) })).not.toMatch(
      /nope|PRIVATE KEY/,
    );
  });

  it('lists open cases and cases closed since the cut-off, not older closed ones', async () => {
    const contact = fake.insert('Contact', { Name: 'Ana Lee' });
    const open = fake.insert('Case', {
      Subject: 'Refund',
      Status: 'Working',
      ContactId: contact,
      Priority: 'High',
      Type: 'billing',
    });
    now = new Date('2026-02-01T00:00:00Z');
    fake.insert('Case', { Subject: 'Old', Status: 'Closed' });
    now = new Date('2026-02-27T00:00:00Z');
    const recent = fake.insert('Case', { Subject: 'Recent', Status: 'Closed' });
    now = new Date('2026-03-01T12:00:00Z');
    const sf = connector();
    const all: CrmCaseRecord[] = [];
    let page: string | null = null;
    do {
      const result = await sf.listCases(new Date('2026-02-20T00:00:00Z'), page);
      all.push(...result.items);
      page = result.next;
    } while (page);
    expect(all.map((c) => c.crmCaseId).sort()).toEqual([open, recent].sort());
    expect(all.find((c) => c.crmCaseId === open)).toMatchObject({
      status: 'open',
      crmStatus: 'Working',
      customerCrmId: contact,
      crmPriority: 'High',
      category: 'billing',
      externalId: null,
      closedAt: null,
    });
    expect(all.find((c) => c.crmCaseId === recent)).toMatchObject({
      status: 'resolved',
      closedAt: new Date('2026-02-27T00:00:00Z'),
    });
  });

  it('upserts a case by our external id: a replayed upsert creates one Case', async () => {
    const contact = fake.insert('Contact', { Name: 'Ana Lee' });
    const sf = connector();
    const newCase = {
      externalId: 'CS-000123',
      customerCrmId: contact,
      subject: 'Order late',
      description: '@BrandCares my order is late',
      status: 'open' as const,
      priority: 2,
      category: 'delivery',
    };
    const first = await sf.upsertCase(newCase);
    const again = await sf.upsertCase(newCase);
    const third = await connector().upsertCase({ ...newCase, subject: 'Order late (2)' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ crmId: first.crmId, created: false });
    expect(third).toEqual({ crmId: first.crmId, created: false });
    expect(fake.objects.Case.size).toBe(1);
    expect(fake.objects.Case.get(first.crmId)).toMatchObject({
      SCB_External_Id__c: 'CS-000123',
      Subject: 'Order late (2)',
      Status: 'Working',
      Priority: 'High',
      Origin: 'Social',
      Type: 'delivery',
      ContactId: contact,
    });
    await expect(sf.upsertCase({ ...newCase, externalId: 'CS/../1' })).rejects.toMatchObject({
      code: 'INVALID_EXTERNAL_ID',
    });
  });

  it('adds a comment once per external id, with the link back, across pages of comments', async () => {
    const caseId = fake.insert('Case', { Subject: 'Refund' });
    for (let i = 0; i < 3; i += 1)
      fake.insert('CaseComment', { ParentId: caseId, CommentBody: `phone note ${i}` });
    const sf = connector();
    const comment = {
      externalId: 'x:1460323737035677000',
      kind: 'mention' as const,
      body: 'Still no refund @BrandCares',
      link: 'https://x.com/analee/status/1460323737035677000',
      public: false,
    };
    const first = await sf.addComment(caseId, comment);
    const replay = await connector().addComment(caseId, comment);
    const similar = await sf.addComment(caseId, { ...comment, externalId: 'x:146032373703567700' });
    expect(first.created).toBe(true);
    expect(replay).toEqual({ crmId: first.crmId, created: false });
    expect(similar.created).toBe(true);
    const comments = fake.commentsOf(caseId);
    expect(comments).toHaveLength(5);
    expect(comments.find((c) => c.Id === first.crmId)).toMatchObject({
      IsPublished: false,
      CommentBody:
        'Still no refund @BrandCares\n\nPost: https://x.com/analee/status/1460323737035677000\n[scb:x:1460323737035677000]',
    });
    await expect(sf.addComment('500Dn0000009999AAA', comment)).rejects.toMatchObject({
      code: 'INVALID_CROSS_REFERENCE_KEY',
      reason: 'Parent ID: id value of incorrect type',
    });
  });

  it('sets the status with the configured value, and not again when already there', async () => {
    const caseId = fake.insert('Case', { Subject: 'Refund', Status: 'Escalated' });
    const sf = connector();
    await sf.setCaseStatus(caseId, 'open');
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    await sf.setCaseStatus(caseId, 'resolved');
    await sf.setCaseStatus(caseId, 'resolved');
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(fake.objects.Case.get(caseId)).toMatchObject({ Status: 'Closed', IsClosed: true });
    await sf.setCaseStatus(caseId, 'open');
    expect(fake.objects.Case.get(caseId)).toMatchObject({ Status: 'Working', IsClosed: false });
    const refused = connector({ statusValues: { open: 'Working', resolved: 'Done' } });
    const error = await refused.setCaseStatus(caseId, 'resolved').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRefusedError);
    expect(error).toMatchObject({ code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
    await expect(sf.setCaseStatus('500Dn0000009999AAA', 'resolved')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reads changes by SystemModstamp over pages, and the overlap catches a late commit', async () => {
    const sf = connector({ initialLookbackMs: 3_600_000 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      now = new Date(Date.parse('2026-03-01T11:30:00Z') + i * 1000);
      ids.push(fake.insert('Case', { Subject: `case ${i}` }));
    }
    now = new Date('2026-03-01T12:00:00Z');
    const seen = new Set<string>();
    let cursor: string | null = null;
    let reads = 0;
    for (;;) {
      const batch = await sf.readCaseChanges(cursor);
      batch.changes.forEach((c) => seen.add(c.crmCaseId));
      cursor = batch.cursor;
      reads += 1;
      if (!batch.hasMore) break;
    }
    expect(reads).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());

    // A transaction that began before the newest change commits now: its stamp is older.
    now = new Date('2026-03-01T12:01:00Z');
    fake.update('Case', ids[1], { Status: 'Closed' });
    const late = fake.insert('Case', { Subject: 'late commit' });
    fake.backdate('Case', late, new Date('2026-03-01T11:29:50Z'));
    fake.backdate('Case', ids[1], new Date('2026-03-01T12:00:30Z'));
    const next = new Map<string, CrmCaseRecord>();
    for (;;) {
      const batch = await sf.readCaseChanges(cursor);
      batch.changes.forEach((c) => next.set(c.crmCaseId, c));
      cursor = batch.cursor;
      if (!batch.hasMore) break;
    }
    expect(next.get(ids[1])).toMatchObject({ status: 'resolved', crmStatus: 'Closed' });
    expect(next.has(late)).toBe(true);
  });

  it('restarts a change read whose query locator expired, losing nothing', async () => {
    const ids = [0, 1, 2, 3, 4].map((i) => fake.insert('Case', { Subject: `case ${i}` }));
    const sf = connector();
    const first = await sf.readCaseChanges(null);
    expect(first.hasMore).toBe(true);
    fake.expireQueryLocators();
    const seen = new Set(first.changes.map((c) => c.crmCaseId));
    let cursor = first.cursor;
    for (;;) {
      const batch = await sf.readCaseChanges(cursor);
      batch.changes.forEach((c) => seen.add(c.crmCaseId));
      cursor = batch.cursor;
      if (!batch.hasMore) break;
    }
    expect([...seen].sort()).toEqual(ids.sort());
    await expect(sf.readCaseChanges('{"v":1,"since":"x"}')).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });

  it('backs off REQUEST_LIMIT_EXCEEDED and 503, and gives up with CrmUnavailableError', async () => {
    const caseId = fake.insert('Case', { Subject: 'Refund' });
    const sf = connector();
    fake.failNext(2, 'limit');
    fake.failNext(1, 'unavailable');
    await sf.setCaseStatus(caseId, 'resolved');
    expect(sf.retries).toBe(3);
    expect(fake.objects.Case.get(caseId)).toMatchObject({ IsClosed: true });
    const statuses = fake.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);

    fake.failNext(4, 'unavailable');
    const error = await sf.listCases(new Date(0), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmUnavailableError);
    expect(error).toMatchObject({ code: 'SERVER_UNAVAILABLE' });
  });

  it('stops at the usage reserve from Sforce-Limit-Info and re-reads it after the recheck interval', async () => {
    await fake.stop();
    fake = new FakeSalesforceServer({ clientId: CLIENT_ID, clientSecret: SECRET, apiLimit: 10 });
    baseUrl = await fake.start();
    const sf = connector({
      apiReserve: 0.5,
      limitRecheckMs: 60_000,
      retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1, maxServerWaitMs: 0 },
    });
    for (let i = 0; i < 5; i += 1) await sf.listCustomers(null);
    expect(sf.apiUsage()).toEqual({ used: 5, limit: 10 });
    const error = await sf.listCustomers(null).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'API_USAGE_RESERVE', retryAfterMs: 60_000 });
    expect(fake.apiUsed).toBe(5);
    now = new Date(now.getTime() + 60_000);
    await sf.listCustomers(null);
    expect(fake.apiUsed).toBe(6);
  });

  it('a write whose answer was lost is found again on retry, not made twice', async () => {
    const sf = connector();
    fake.dropAnswerNext(1);
    const opened = await sf.upsertCase({
      externalId: 'CS-000888',
      customerCrmId: null,
      subject: 'Late',
      description: 'late',
      status: 'open',
      priority: 3,
      category: null,
    });
    expect(opened.created).toBe(false);
    expect(fake.objects.Case.size).toBe(1);
    fake.dropAnswerNext(1);
    const comment = {
      externalId: 'x:99',
      kind: 'mention' as const,
      body: 'hello',
      link: 'https://x.com/a/status/99',
      public: false,
    };
    const added = await sf.addComment(opened.crmId, comment);
    expect(fake.commentsOf(opened.crmId)).toHaveLength(1);
    expect(added).toEqual({ crmId: fake.commentsOf(opened.crmId)[0].Id, created: false });
    expect(fake.requests.filter((r) => r.status === 0)).toHaveLength(2);
  });

  it('gets a new token when the session expires, and carries on', async () => {
    seedContacts();
    const sf = connector();
    await sf.listCustomers(null);
    fake.expireSessions();
    expect((await sf.listCustomers(null)).items).toHaveLength(2);
    expect(fake.tokensIssued).toBe(2);
  });
});
