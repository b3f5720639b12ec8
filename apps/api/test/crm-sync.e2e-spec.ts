import { randomBytes, randomInt } from 'node:crypto';
import {
  FakeSalesforceServer,
  FakeZendeskServer,
  authedClient,
  seedApiKey,
  waitFor,
} from '@scb/testing';
import { PipelineHarness } from './pipeline.harness';
import { StoryClient, storyConfig } from '@scb/testing';

/** One CRM stand-in as this journey needs it: seed, act as the CRM's agent, count. */
interface CrmStandIn {
  start(): Promise<void>;
  stop(): Promise<void>;
  settings(): Record<string, unknown>;
  credentials: Record<string, unknown>;
  /** A customer with an X account known by handle only and a phone, with one open case. */
  seedCustomerWithCase(xHandle: string, phone: string, name: string): string;
  resolve(crmCaseId: string): void;
  commentsOf(crmCaseId: string): string[];
  /** The CRM case's comments with whether the CRM's portal shows them to the customer. */
  commentRecordsOf(crmCaseId: string): Array<{ body: string; public: boolean }>;
  /** CRM case ids carrying our external id (our case number). */
  casesWithExternalId(externalId: string): string[];
  /** Every CRM case id. */
  caseIds(): string[];
  /** Moves the CRM's clock on (its change stamps and cursors step past earlier ones). */
  tick(): void;
}

const retry = { attempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxServerWaitMs: 1_000 };

function salesforce(): CrmStandIn {
  const credentials = {
    kind: 'client-credentials',
    clientId: '3MVG9e2e.consumer.key',
    clientSecret: `sf-secret-${randomBytes(8).toString('hex')}`,
  };
  const fake = new FakeSalesforceServer({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    pageSize: 5,
  });
  let offset = 0;
  fake.setClock(() => new Date(Date.now() + offset));
  let base = '';
  return {
    credentials,
    start: async () => {
      base = await fake.start();
    },
    stop: () => fake.stop(),
    settings: () => ({
      loginUrl: base,
      apiVersion: '62.0',
      caseExternalIdField: 'SCB_External_Id__c',
      handleFields: [{ platform: 'x', field: 'Twitter_Handle__c' }],
      pageSize: 5,
      changeOverlapMs: 60_000,
      retry,
    }),
    seedCustomerWithCase: (xHandle, phone, name) => {
      const contact = fake.insert('Contact', {
        Name: name,
        Phone: phone,
        Twitter_Handle__c: `@${xHandle}`,
      });
      return fake.insert('Case', { ContactId: contact, Subject: 'Router drops', Status: 'New' });
    },
    resolve: (id) => fake.update('Case', id, { Status: 'Closed' }),
    commentsOf: (id) => fake.commentsOf(id).map((c) => String(c.CommentBody)),
    commentRecordsOf: (id) =>
      fake
        .commentsOf(id)
        .map((c) => ({ body: String(c.CommentBody), public: c.IsPublished === true })),
    casesWithExternalId: (ext) =>
      [...fake.objects.Case.values()]
        .filter((c) => c.SCB_External_Id__c === ext)
        .map((c) => String(c.Id)),
    caseIds: () => [...fake.objects.Case.keys()],
    tick: () => {
      offset += 2_000;
    },
  };
}

function zendesk(): CrmStandIn {
  const agent = { email: 'e2e@brand.example', token: `zd-token-${randomBytes(8).toString('hex')}` };
  const fake = new FakeZendeskServer(agent, 5);
  let offset = 0;
  fake.setClock(() => new Date(Date.now() + offset));
  let base = '';
  return {
    credentials: { kind: 'api-token', ...agent },
    start: async () => {
      base = await fake.start();
    },
    stop: () => fake.stop(),
    settings: () => ({ endpointUri: base, accountNumberField: 'account_number', retry }),
    seedCustomerWithCase: (xHandle, phone, name) => {
      const user = fake.addUser({ name, phone });
      fake.addIdentity(user.id, 'twitter', xHandle);
      return String(fake.addTicket({ requester_id: user.id, subject: 'Router drops' }).id);
    },
    resolve: (id) => fake.updateTicket(Number(id), { status: 'solved' }),
    commentsOf: (id) => fake.tickets.get(Number(id))!.comments.map((c) => c.body),
    commentRecordsOf: (id) =>
      fake.tickets.get(Number(id))!.comments.map((c) => ({ body: c.body, public: c.public })),
    casesWithExternalId: (ext) =>
      [...fake.tickets.values()].filter((t) => t.external_id === ext).map((t) => String(t.id)),
    caseIds: () => [...fake.tickets.keys()].map(String),
    tick: () => {
      offset += 2_000;
    },
  };
}

const marker = (postId: string) => `[scb:x:${postId}]`;

/**
 * Issue 19, end to end: the CRM sync through the four running services (posts through the signed
 * webhook → ingestion → Kafka → matcher → router; the api running the sync), with the real jsforce
 * and node-zendesk clients against the CRM stand-ins. The connector is configured and the full
 * sync asked through the admin API only.
 */
describe.each([
  ['salesforce', salesforce],
  ['zendesk', zendesk],
] as const)('CRM sync end to end with %s', (kind, standIn) => {
  const crm = standIn();
  const pipeline = new PipelineHarness({
    ...storyConfig(),
    CRM_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    CRM_SYNC_INTERVAL_MS: '250',
    CRM_SYNC_BATCH_SIZE: '3',
  });
  const connector = `${kind}-e2e`;
  let client: StoryClient;
  const tag = `${Date.now() % 1e8}${randomInt(100)}`;
  const handle = `ana_${kind.slice(0, 2)}${tag}`;
  const phone = `+1312555${String(randomInt(10_000)).padStart(4, '0')}`;
  let crmCase = '';
  // The imported customer's X account (its user id: the CRM holds only the handle).
  const author = `81${tag}`;
  let firstPost = '';
  // A new customer's case opened here, and the CRM case it got.
  let newAuthor = '';
  let opened = { caseNumber: '', crmCaseId: '' };

  const query = <T>(sql: string, params: unknown[] = []) =>
    pipeline.dataSource.query<T[]>(sql, params);
  const caseOfPost = async (postId: string) =>
    (
      await query<{ id: string; case_number: string; status: string }>(
        `SELECT c.id, c.case_number, c.status FROM interactions i JOIN cases c ON c.id = i.case_id
          WHERE i.external_id = $1`,
        [postId],
      )
    )[0];
  /** Each pass stamps last_success_at: n fresh stamps mean n passes ran to the end. */
  const passes = async (n: number) => {
    const seen = new Set<string>();
    await waitFor(
      async () => {
        const [row] = await query<{ at: Date | null }>(
          `SELECT last_success_at AS at FROM crm_connectors WHERE name = $1`,
          [connector],
        );
        if (row?.at) seen.add(row.at.toISOString());
        return seen.size > n;
      },
      { what: `${n} sync passes`, timeoutMs: 60_000, intervalMs: 50 },
    );
  };

  beforeAll(async () => {
    await crm.start();
    crmCase = crm.seedCustomerWithCase(handle, phone, 'Ana Lee');
    await pipeline.start();
    client = await StoryClient.of(pipeline);
  }, 180_000);

  afterAll(async () => {
    await pipeline.stop();
    await crm.stop();
  });

  it('configured through the admin API, a full sync imports the CRM customer (X handle, phone) and the open case', async () => {
    await client.ok('PUT', `/v1/admin/crm-connectors/${connector}`, {
      kind,
      settings: crm.settings(),
      credentials: crm.credentials,
    });
    const asked = await client.call('POST', `/v1/admin/crm-connectors/${connector}/full-sync`);
    expect(asked.status).toBe(202);
    type View = { state: string; fullSync: { status: string; customers: number } };
    await waitFor(
      async () =>
        (await client.ok<View>('GET', `/v1/admin/crm-connectors/${connector}`)).fullSync.status ===
        'done',
      { what: 'the full sync done', timeoutMs: 60_000 },
    );
    const view = await client.ok<View>('GET', `/v1/admin/crm-connectors/${connector}`);
    expect(view).toMatchObject({ state: 'running', fullSync: { customers: 1 } });

    const [imported] = await query<{ status: string; customer_id: string }>(
      `SELECT status, customer_id FROM cases WHERE crm_case_id = $1`,
      [crmCase],
    );
    expect(imported.status).toBe('open');
    // The X account the CRM knows by handle only waits under its handle (bound on first post).
    expect(
      await query(
        `SELECT platform, external_user_id, handle FROM customer_identities WHERE customer_id = $1`,
        [imported.customer_id],
      ),
    ).toEqual([
      {
        platform: 'x',
        external_user_id: `@${handle.toLowerCase()}`,
        handle: expect.stringMatching(new RegExp(`^@?${handle}$`, 'i')),
      },
    ]);
    const found = await client.ok<{ items: Array<{ id: string }> }>(
      'GET',
      `/v1/customers?q=${encodeURIComponent(phone)}`,
    );
    expect(found.items.map((c) => c.id)).toEqual([imported.customer_id]);
  });

  it("the CRM customer's post on X reaches the imported case and the CRM case receives it as ONE comment", async () => {
    const text = `@brand the router drops again ${randomInt(1e6)}`;
    firstPost = await client.post({ authorId: author, authorHandle: handle, text });
    const ours = await waitFor(() => caseOfPost(firstPost), { what: 'the post matched' });
    const [imported] = await query<{ id: string }>(`SELECT id FROM cases WHERE crm_case_id = $1`, [
      crmCase,
    ]);
    expect(ours.id).toBe(imported.id);
    // The account's user id is bound to the handle the CRM gave.
    expect(
      await query(
        `SELECT external_user_id FROM customer_identities WHERE platform = 'x' AND external_user_id = $1`,
        [author],
      ),
    ).toHaveLength(1);
    await waitFor(async () => crm.commentsOf(crmCase).some((c) => c.includes(marker(firstPost))), {
      what: 'the post as a CRM comment',
      timeoutMs: 60_000,
    });
    await passes(3);
    const comments = crm.commentsOf(crmCase).filter((c) => c.includes('[scb:'));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(text);
  });

  it("a new customer's post opens a case here, which appears in the CRM once", async () => {
    newAuthor = `82${tag}`;
    const text = `@brand my bill is wrong ${randomInt(1e6)}`;
    const postId = await client.post({ authorId: newAuthor, authorHandle: `bo${tag}`, text });
    const ours = await waitFor(() => caseOfPost(postId), { what: 'the new case' });
    const crmCaseId = await waitFor(async () => crm.casesWithExternalId(ours.case_number)[0], {
      what: 'the case in the CRM',
      timeoutMs: 60_000,
    });
    opened = { caseNumber: ours.case_number, crmCaseId };
    await waitFor(async () => crm.commentsOf(crmCaseId).some((c) => c.includes(marker(postId))), {
      what: 'its post as a comment',
      timeoutMs: 60_000,
    });
    await passes(3);
    expect(crm.casesWithExternalId(ours.case_number)).toEqual([crmCaseId]);
    expect(crm.commentsOf(crmCaseId).filter((c) => c.includes(marker(postId)))).toHaveLength(1);
    // The CRM's change feed reports the case back: still one case here.
    expect(
      await query(`SELECT 1 FROM cases WHERE crm_case_id = $1 OR case_number = $2`, [
        crmCaseId,
        ours.case_number,
      ]),
    ).toHaveLength(1);
  });

  it("an agent's internal notes reach both CRM cases once each, as non-public comments linking our case", async () => {
    const apiUrl = (await pipeline.apps!.api.getUrl()).replace('[::1]', '127.0.0.1');
    const supervisor = authedClient(
      apiUrl,
      await seedApiKey(pipeline.dataSource, 'supervisor', `crm-e2e-notes-${kind}`),
    );
    const targets = [
      { caseRef: (await caseOfPost(firstPost)).case_number, crmCaseId: crmCase },
      { caseRef: opened.caseNumber, crmCaseId: opened.crmCaseId },
    ];
    const notes: Array<{ id: string; body: string; caseNumber: string; crmCaseId: string }> = [];
    for (const t of targets) {
      const body = `Called the customer back, swap booked ${randomInt(1e6)}`;
      const added = await supervisor<{ id: string }>('POST', `/v1/cases/${t.caseRef}/notes`, {
        body,
      });
      expect(added.status).toBe(201);
      notes.push({ id: added.body.id, body, caseNumber: t.caseRef, crmCaseId: t.crmCaseId });
    }
    const found = (n: (typeof notes)[number]) =>
      crm.commentRecordsOf(n.crmCaseId).filter((c) => c.body.includes(`[scb:note:${n.id}]`));
    await waitFor(async () => notes.every((n) => found(n).length > 0), {
      what: 'the notes in the CRM',
      timeoutMs: 60_000,
    });
    await passes(3);
    for (const n of notes) {
      expect(found(n)).toEqual([{ body: expect.stringContaining(n.body), public: false }]);
      expect(found(n)[0].body).toContain(`scb:case/${n.caseNumber}`);
    }
  });

  it('the case resolved in the CRM is resolved here, its work item completed', async () => {
    const ours = await caseOfPost(firstPost);
    // The router queued the post's case.
    const item = await waitFor(
      async () =>
        (
          await query<{ id: string }>(
            `SELECT id FROM work_items WHERE case_id = $1 AND status = 'queued'`,
            [ours.id],
          )
        )[0],
      { what: 'the case queued by the router', timeoutMs: 60_000 },
    );
    crm.tick();
    crm.resolve(crmCase);
    await waitFor(async () => (await caseOfPost(firstPost)).status === 'resolved', {
      what: 'the case resolved here',
      timeoutMs: 60_000,
    });
    const [done] = await query<{ status: string; resolution_code: string }>(
      `SELECT status, resolution_code FROM work_items WHERE id = $1`,
      [item.id],
    );
    expect(done).toEqual({ status: 'completed', resolution_code: `crm:${connector}` });
  });

  it('the api stopped mid-sync and started again: nothing lost or doubled in the CRM', async () => {
    const before = crm.caseIds().length;
    const posts: string[] = [];
    for (let i = 0; i < 12; i += 1)
      posts.push(
        await client.post({
          authorId: newAuthor,
          authorHandle: `bo${tag}`,
          text: `@brand still wrong, part ${i} ${randomInt(1e6)}`,
        }),
      );
    const newcomers: string[] = [];
    for (let i = 0; i < 3; i += 1)
      newcomers.push(
        await client.post({
          authorId: `83${tag}${i}`,
          authorHandle: `cy${tag}${i}`,
          text: `@brand new here ${i} ${randomInt(1e6)}`,
        }),
      );
    // Everything matched first (on the opened case; three new cases), then the sync caught
    // mid-way: three comments a pass at most.
    await waitFor(
      async () =>
        (await Promise.all([...posts, ...newcomers].map(caseOfPost))).every((c) => c !== undefined),
      { what: 'every post matched', timeoutMs: 60_000 },
    );
    const sent = () =>
      posts.filter((p) => crm.commentsOf(opened.crmCaseId).some((c) => c.includes(marker(p))));
    await waitFor(async () => sent().length > 0, { what: 'the first comments', intervalMs: 20 });
    let atStop = 0;
    await pipeline.restartApi(async () => {
      atStop = sent().length;
    });
    expect(atStop).toBeLessThan(posts.length);
    client = await StoryClient.of(pipeline);

    await waitFor(async () => sent().length === posts.length, {
      what: 'every post as a comment',
      timeoutMs: 90_000,
    });
    const numbers = [
      ...new Set((await Promise.all(newcomers.map(caseOfPost))).map((c) => c.case_number)),
    ];
    expect(numbers).toHaveLength(newcomers.length);
    await waitFor(async () => numbers.every((n) => crm.casesWithExternalId(n).length > 0), {
      what: 'the new cases in the CRM',
      timeoutMs: 60_000,
    });
    await passes(3);
    for (const p of posts)
      expect(crm.commentsOf(opened.crmCaseId).filter((c) => c.includes(marker(p)))).toHaveLength(1);
    for (const n of numbers) expect(crm.casesWithExternalId(n)).toHaveLength(1);
    expect(crm.caseIds()).toHaveLength(before + newcomers.length);
    expect(crm.casesWithExternalId(opened.caseNumber)).toEqual([opened.crmCaseId]);
    const view = await client.ok<{ state: string; counts: { commentsPending: number } }>(
      'GET',
      `/v1/admin/crm-connectors/${connector}`,
    );
    expect(view).toMatchObject({ state: 'running', counts: { commentsPending: 0 } });
  });
});
