import { FakeZendeskServer } from '@scb/testing';
import {
  CrmAuthError,
  CrmRefusedError,
  CrmUnavailableError,
  ZendeskConnector,
  type CrmCaseRecord,
  type ZendeskConnectorSettings,
} from '@scb/crm';

const AGENT = { email: 'sync@brand.example', token: 'zendesk-api-token-0123456789' };

describe('ZendeskConnector (node-zendesk) against a Zendesk Support API stand-in', () => {
  let fake: FakeZendeskServer;
  let endpointUri: string;
  let now: Date;
  const clock = { now: () => now };
  const waits: number[] = [];
  const connector = (overrides: Partial<ZendeskConnectorSettings> = {}) =>
    new ZendeskConnector(
      {
        endpointUri,
        auth: { kind: 'api-token', ...AGENT },
        accountNumberField: 'account_number',
        retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxServerWaitMs: 5_000 },
        ...overrides,
      },
      clock,
      async (ms) => {
        waits.push(ms);
      },
    );

  beforeEach(async () => {
    now = new Date('2026-03-01T12:00:00Z');
    waits.length = 0;
    fake = new FakeZendeskServer(AGENT, 2);
    fake.setClock(() => now);
    endpointUri = await fake.start();
  });

  afterEach(() => fake.stop());

  it('reads every end user over cursor pages, with side-loaded identities and the account field', async () => {
    const ana = fake.addUser({
      name: 'Ana Lee',
      email: 'Ana@Example.com',
      phone: '+14155552671',
      user_fields: { account_number: 'AC-123456' },
    });
    fake.addIdentity(ana.id, 'email', 'Ana@Example.com');
    fake.addIdentity(ana.id, 'email', 'ana.lee@work.example');
    fake.addIdentity(ana.id, 'twitter', 'analee');
    const bo = fake.addUser({ name: 'Bo Chan' });
    fake.addIdentity(bo.id, 'twitter', '115887');
    fake.addIdentity(bo.id, 'facebook', '100004123456789');
    fake.addIdentity(bo.id, 'phone_number', '+442079460958');
    fake.addUser({ name: 'Agent Smith', role: 'agent' });
    const others = [
      fake.addUser({ name: 'Cy Diaz' }),
      fake.addUser({ name: 'Di Eze' }),
      fake.addUser({ name: 'Ed Fox' }),
    ];
    const zd = connector();
    const seen: string[] = [];
    let page: string | null = null;
    let pages = 0;
    do {
      const result = await zd.listCustomers(page);
      if (pages === 0) {
        expect(result.items).toEqual([
          {
            crmId: String(ana.id),
            displayName: 'Ana Lee',
            emails: ['ana@example.com', 'ana.lee@work.example'],
            phones: ['+14155552671'],
            handles: [{ platform: 'x', handle: 'analee', externalUserId: null }],
            accountNumbers: ['AC-123456'],
            updatedAt: now,
          },
          {
            crmId: String(bo.id),
            displayName: 'Bo Chan',
            emails: [],
            phones: ['+442079460958'],
            handles: [
              { platform: 'x', handle: null, externalUserId: '115887' },
              { platform: 'facebook', handle: null, externalUserId: '100004123456789' },
            ],
            accountNumbers: [],
            updatedAt: now,
          },
        ]);
      }
      seen.push(...result.items.map((c) => c.crmId));
      page = result.next;
      pages += 1;
    } while (page);
    expect(pages).toBe(3);
    expect(seen).toEqual([ana.id, bo.id, ...others.map((u) => u.id)].map(String));
    expect(fake.requests[0].query).toMatchObject({ role: 'end-user', include: 'identities' });

    expect(await zd.getCustomer(String(bo.id))).toMatchObject({
      handles: expect.any(Array),
      phones: ['+442079460958'],
    });
    expect(await zd.getCustomer('999999')).toBeNull();
    expect(await zd.getCustomer('../users')).toBeNull();
    expect(fake.requests.some((r) => r.path === `/users/${bo.id}/identities`)).toBe(true);
  });

  it('lists open tickets and ones solved since the cut-off', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const open = fake.addTicket({
      requester_id: user.id,
      subject: 'Refund',
      status: 'pending',
      priority: 'high',
      type: 'problem',
    });
    now = new Date('2026-02-01T00:00:00Z');
    fake.addTicket({ requester_id: user.id, status: 'closed' });
    now = new Date('2026-02-27T00:00:00Z');
    const solved = fake.addTicket({ requester_id: user.id, status: 'solved' });
    fake.addTicket({ requester_id: user.id, status: 'new' });
    now = new Date('2026-03-01T12:00:00Z');
    const zd = connector();
    const all: CrmCaseRecord[] = [];
    let page: string | null = null;
    do {
      const result = await zd.listCases(new Date('2026-02-20T00:00:00Z'), page);
      all.push(...result.items);
      page = result.next;
    } while (page);
    expect(all.map((c) => c.crmCaseId)).toEqual([
      String(open.id),
      String(solved.id),
      String(open.id + 3),
    ]);
    expect(all[0]).toMatchObject({
      status: 'open',
      crmStatus: 'pending',
      crmPriority: 'high',
      category: 'problem',
      customerCrmId: String(user.id),
    });
    expect(all[1]).toMatchObject({ status: 'resolved', crmStatus: 'solved' });
  });

  it('opens a ticket once per external_id: a replayed upsert finds it', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const zd = connector();
    const newCase = {
      externalId: 'CS-000123',
      customerCrmId: String(user.id),
      subject: 'Order late',
      description: '@BrandCares my order is late',
      status: 'open' as const,
      priority: 2,
      category: null,
    };
    const first = await zd.upsertCase(newCase);
    const replay = await connector().upsertCase(newCase);
    expect(first.created).toBe(true);
    expect(replay).toEqual({ crmId: first.crmId, created: false });
    expect(fake.tickets.size).toBe(1);
    const ticket = fake.tickets.get(Number(first.crmId))!;
    expect(ticket).toMatchObject({
      external_id: 'CS-000123',
      subject: 'Order late',
      status: 'open',
      priority: 'high',
      tags: ['social-case-bridge'],
    });
    expect(ticket.comments).toHaveLength(1);
    const refused = await zd
      .upsertCase({ ...newCase, externalId: 'CS-000124', customerCrmId: '424242' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CrmRefusedError);
    expect(refused).toMatchObject({
      status: 422,
      code: 'RecordInvalid',
      reason: expect.stringContaining('requester_id: Requester is invalid'),
    });
  });

  it('adds a comment once per external id, with the link back, across comment pages', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const ticket = fake.addTicket({ requester_id: user.id });
    const zd = connector();
    for (let i = 0; i < 3; i += 1)
      await zd.addComment(String(ticket.id), {
        externalId: `note-${i}`,
        kind: 'note',
        body: `note ${i}`,
        link: `https://scb.example/cases/CS-1#${i}`,
        public: false,
      });
    const comment = {
      externalId: 'x:1460323737035677000',
      kind: 'reply' as const,
      body: 'Sorry, Ana: refund sent',
      link: 'https://x.com/BrandCares/status/1460323737035677000',
      public: true,
    };
    const first = await zd.addComment(String(ticket.id), comment);
    const replay = await connector().addComment(String(ticket.id), comment);
    expect(first.created).toBe(true);
    expect(replay).toEqual({ crmId: first.crmId, created: false });
    const stored = fake.tickets.get(ticket.id)!.comments;
    expect(stored).toHaveLength(4);
    expect(stored[3]).toMatchObject({
      id: Number(first.crmId),
      public: true,
      body: 'Sorry, Ana: refund sent\n\nReply: https://x.com/BrandCares/status/1460323737035677000\n[scb:x:1460323737035677000]',
    });
    await expect(zd.addComment('999999', comment)).rejects.toMatchObject({
      status: 404,
      code: 'RecordNotFound',
    });
  });

  it('sets the status, not again when already there, and reports what Zendesk refuses', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const ticket = fake.addTicket({ requester_id: user.id, status: 'hold' });
    const zd = connector();
    await zd.setCaseStatus(String(ticket.id), 'open');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    await zd.setCaseStatus(String(ticket.id), 'resolved');
    await zd.setCaseStatus(String(ticket.id), 'resolved');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(fake.tickets.get(ticket.id)!.status).toBe('solved');
    const closed = fake.addTicket({ requester_id: user.id, status: 'closed' });
    await zd.setCaseStatus(String(closed.id), 'resolved');
    await expect(zd.setCaseStatus(String(closed.id), 'open')).rejects.toMatchObject({
      code: 'RecordInvalid',
      reason: expect.stringContaining('closed prevents ticket update'),
    });
  });

  it('reads changes with the incremental export cursor, page by page, and resumes from a stored cursor', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    now = new Date('2026-03-01T11:00:00Z');
    const tickets = [0, 1, 2, 3, 4].map(() => fake.addTicket({ requester_id: user.id }));
    now = new Date('2026-03-01T12:00:00Z');
    const zd = connector({ initialLookbackMs: 2 * 3_600_000 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let reads = 0;
    for (;;) {
      const batch = await zd.readCaseChanges(cursor);
      seen.push(...batch.changes.map((c) => c.crmCaseId));
      cursor = batch.cursor;
      reads += 1;
      if (!batch.hasMore) break;
    }
    expect(reads).toBe(3);
    expect(seen).toEqual(tickets.map((t) => String(t.id)));
    expect(
      fake.requests.find((r) => r.path === '/incremental/tickets/cursor')?.query.start_time,
    ).toBe(String(Date.parse('2026-03-01T10:00:00Z') / 1000));

    // Nothing new: the same cursor comes back, nothing repeated.
    const idle = await zd.readCaseChanges(cursor);
    expect(idle).toEqual({ changes: [], cursor, hasMore: false });
    // An agent solves a ticket; a fresh connector (a restart) resumes from the stored cursor.
    now = new Date('2026-03-01T12:05:00Z');
    fake.updateTicket(tickets[2].id, { status: 'solved' });
    const resumed = await connector().readCaseChanges(cursor);
    expect(resumed.changes).toEqual([
      expect.objectContaining({ crmCaseId: String(tickets[2].id), status: 'resolved' }),
    ]);
    await expect(zd.readCaseChanges('nonsense')).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('waits out 429 Retry-After, backs off 503, and hands a long wait back to the caller', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const ticket = fake.addTicket({ requester_id: user.id });
    const zd = connector();
    fake.throttleNext(2, 429, 3);
    fake.throttleNext(1, 503, null);
    await zd.setCaseStatus(String(ticket.id), 'resolved');
    expect(waits).toEqual([3_000, 3_000]);
    expect(zd.retries).toBe(3);
    expect(fake.tickets.get(ticket.id)!.status).toBe('solved');

    fake.throttleNext(1, 429, 120);
    const error = await zd.listCases(new Date(0), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmUnavailableError);
    expect(error).toMatchObject({ code: 'APIRateLimitExceeded', retryAfterMs: 120_000 });

    fake.throttleNext(4, 503, null);
    await expect(zd.listCases(new Date(0), null)).rejects.toMatchObject({
      code: 'ServiceUnavailable',
    });
  });

  it('a replayed ticket create after a rate-limited answer still makes one ticket', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const zd = connector();
    fake.throttleNext(1, 429, 1);
    const newCase = {
      externalId: 'CS-000777',
      customerCrmId: String(user.id),
      subject: 'Late',
      description: 'late',
      status: 'open' as const,
      priority: 3,
      category: null,
    };
    await zd.upsertCase(newCase);
    await zd.upsertCase(newCase);
    expect([...fake.tickets.values()].filter((t) => t.external_id === 'CS-000777')).toHaveLength(1);
  });

  it('a write whose answer was lost is found again on retry, not made twice', async () => {
    const user = fake.addUser({ name: 'Ana Lee' });
    const zd = connector();
    fake.dropAnswerNext(1);
    const opened = await zd.upsertCase({
      externalId: 'CS-000888',
      customerCrmId: String(user.id),
      subject: 'Late',
      description: 'late',
      status: 'open',
      priority: 3,
      category: null,
    });
    expect(opened.created).toBe(false);
    expect([...fake.tickets.values()].filter((t) => t.external_id === 'CS-000888')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.status === 0)).toHaveLength(1);

    fake.dropAnswerNext(1);
    const comment = {
      externalId: 'x:99',
      kind: 'mention' as const,
      body: 'hello',
      link: 'https://x.com/a/status/99',
      public: false,
    };
    const added = await zd.addComment(opened.crmId, comment);
    const comments = fake.tickets.get(Number(opened.crmId))!.comments;
    expect(comments.filter((c) => c.body.includes('[scb:x:99]'))).toHaveLength(1);
    expect(added).toEqual({ crmId: String(comments[1].id), created: false });
  });

  it('wrong credentials are an auth error', async () => {
    const zd = connector({ auth: { kind: 'api-token', email: AGENT.email, token: 'wrong' } });
    const error = await zd.listCustomers(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect(JSON.stringify({ ...(error as object), message: String(error) })).not.toContain('wrong');
  });
});
