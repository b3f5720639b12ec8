import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import { ServiceMetrics } from '@scb/observability';
import { CrmConnectorRepository } from '@scb/persistence';
import {
  FakeSalesforceServer,
  FakeZendeskServer,
  aMention,
  authedClient,
  createTestApp,
  isolatedEnv,
  mentionRecorder,
  seedApiKey,
  waitFor,
  type ApiCall,
  type TestApp,
  type TestInstance,
} from '@scb/testing';

/** One CRM stand-in as the scenarios need it: seed, act as the CRM's agent, count. */
interface CrmStandIn {
  kind: 'salesforce' | 'zendesk';
  start(): Promise<void>;
  stop(): Promise<void>;
  settings(): Record<string, unknown>;
  credentials: Record<string, unknown>;
  /** A customer whose X user id is `xUserId`, with one open case; the CRM's case id. */
  seedCustomerWithCase(xUserId: string, name: string): string;
  resolve(crmCaseId: string): void;
  /** An agent in the CRM reopens the case and resolves it again. */
  reopenAndResolve(crmCaseId: string): void;
  statusOf(crmCaseId: string): 'open' | 'resolved';
  /** Whether the CRM says when a case was closed (Salesforce `ClosedDate`; Zendesk does not). */
  reportsCloseTimes: boolean;
  commentsOf(crmCaseId: string): string[];
  /** The CRM case's comments with whether the CRM's portal shows them to the customer. */
  commentRecordsOf(crmCaseId: string): Array<{ body: string; public: boolean }>;
  /** CRM case ids carrying our external id. */
  casesWithExternalId(externalId: string): string[];
  /** Moves the CRM's clock on (so its change stamps and cursors step past earlier ones). */
  tick(): void;
  /** A well-formed customer id the CRM does not have, and how it refuses a case for it. */
  unknownCustomer: { crmId: string; code: string; reason: string };
}

const retry = { attempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxServerWaitMs: 1_000 };

function salesforce(): CrmStandIn {
  const credentials = {
    kind: 'client-credentials',
    clientId: '3MVG9sync.consumer.key',
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
    kind: 'salesforce',
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
    seedCustomerWithCase: (xUserId, name) => {
      const contact = fake.insert('Contact', { Name: name, Twitter_Handle__c: xUserId });
      return fake.insert('Case', { ContactId: contact, Subject: 'Router drops', Status: 'New' });
    },
    resolve: (id) => fake.update('Case', id, { Status: 'Closed' }),
    reopenAndResolve: (id) => {
      fake.update('Case', id, { Status: 'Working' });
      fake.update('Case', id, { Status: 'Closed' });
    },
    statusOf: (id) => (fake.objects.Case.get(id)!.IsClosed ? 'resolved' : 'open'),
    reportsCloseTimes: true,
    commentsOf: (id) => fake.commentsOf(id).map((c) => String(c.CommentBody)),
    commentRecordsOf: (id) =>
      fake
        .commentsOf(id)
        .map((c) => ({ body: String(c.CommentBody), public: c.IsPublished === true })),
    casesWithExternalId: (ext) =>
      [...fake.objects.Case.values()]
        .filter((c) => c.SCB_External_Id__c === ext)
        .map((c) => String(c.Id)),
    tick: () => {
      offset += 2_000;
    },
    unknownCustomer: {
      crmId: '003000000000999AAA',
      code: 'INVALID_CROSS_REFERENCE_KEY',
      reason: 'Contact ID: id value of incorrect type',
    },
  };
}

function zendesk(): CrmStandIn {
  const agent = {
    email: 'sync@brand.example',
    token: `zd-token-${randomBytes(8).toString('hex')}`,
  };
  const fake = new FakeZendeskServer(agent, 5);
  let offset = 0;
  fake.setClock(() => new Date(Date.now() + offset));
  let base = '';
  return {
    kind: 'zendesk',
    credentials: { kind: 'api-token', ...agent },
    start: async () => {
      base = await fake.start();
    },
    stop: () => fake.stop(),
    settings: () => ({ endpointUri: base, accountNumberField: 'account_number', retry }),
    seedCustomerWithCase: (xUserId, name) => {
      const user = fake.addUser({ name });
      fake.addIdentity(user.id, 'twitter', xUserId);
      return String(fake.addTicket({ requester_id: user.id, subject: 'Router drops' }).id);
    },
    resolve: (id) => fake.updateTicket(Number(id), { status: 'solved' }),
    reopenAndResolve: (id) => {
      fake.updateTicket(Number(id), { status: 'open' });
      fake.updateTicket(Number(id), { status: 'solved' });
    },
    statusOf: (id) =>
      ['solved', 'closed'].includes(fake.tickets.get(Number(id))!.status) ? 'resolved' : 'open',
    reportsCloseTimes: false,
    commentsOf: (id) => fake.tickets.get(Number(id))!.comments.map((c) => c.body),
    commentRecordsOf: (id) =>
      fake.tickets.get(Number(id))!.comments.map((c) => ({ body: c.body, public: c.public })),
    casesWithExternalId: (ext) =>
      [...fake.tickets.values()].filter((t) => t.external_id === ext).map((t) => String(t.id)),
    tick: () => {
      offset += 2_000;
    },
    unknownCustomer: { crmId: '999999', code: 'RecordInvalid', reason: 'Requester is invalid' },
  };
}

const KEY = randomBytes(32).toString('base64');

describe.each([
  ['salesforce', salesforce],
  ['zendesk', zendesk],
] as const)(
  'CRM sync with %s (real client library against its stand-in, real Postgres)',
  (kind, standIn) => {
    const crm = standIn();
    const env = isolatedEnv(`crm_${kind.slice(0, 2)}`);
    let testApp: TestApp;
    let worker: TestInstance;
    let asAdmin: ApiCall;
    const connector = `${kind}-main`;
    const matcher = new BatchCaseMatcher(randomUUID);
    const startWorker = () =>
      testApp.start('api', { CRM_SYNC_INTERVAL_MS: '200', CRM_SYNC_BATCH_SIZE: '3' });
    const query = <T>(sql: string, params: unknown[] = []) =>
      testApp.dataSource.query<T[]>(sql, params);
    const post = (authorId: string, text: string) =>
      mentionRecorder(testApp.dataSource)(
        [{ mention: aMention({ authorId, text }), publishedAt: new Date() }],
        matcher.forBatch(RuleSet.defaults()),
      );
    const caseOf = async (crmCaseId: string) =>
      (
        await query<{ id: string; status: string; case_number: string }>(
          `SELECT id, status, case_number FROM cases WHERE crm_case_id = $1`,
          [crmCaseId],
        )
      )[0];
    const passes = async (n: number) => {
      // Each pass stamps last_success_at: n fresh stamps mean n passes ran to the end.
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
        { what: `${n} sync passes`, timeoutMs: 30_000, intervalMs: 50 },
      );
    };

    beforeAll(async () => {
      await crm.start();
      // The first api serves the admin API only (its sync rounds are far apart): the sync
      // worker is another api instance of the same namespace, stopped and restarted below.
      testApp = await createTestApp('api', {
        ...env,
        CRM_CREDENTIALS_KEY: KEY,
        CRM_SYNC_INTERVAL_MS: '600000',
      });
      asAdmin = authedClient(testApp.baseUrl, await seedApiKey(testApp.dataSource, 'admin'));
      const put = await asAdmin('PUT', `/v1/admin/crm-connectors/${connector}`, {
        kind,
        settings: crm.settings(),
        credentials: crm.credentials,
      });
      expect(put.status).toBe(200);
      worker = await startWorker();
    });

    afterAll(async () => {
      await testApp?.close();
      await crm.stop();
    });

    it('shows the connector without its credentials, stored encrypted', async () => {
      const got = await asAdmin('GET', `/v1/admin/crm-connectors/${connector}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ name: connector, kind, credentials: 'set' });
      const secret = String(crm.credentials.clientSecret ?? crm.credentials.token);
      expect(JSON.stringify(got.body)).not.toContain(secret);
      const [stored] = await query<{ credentials: string }>(
        `SELECT credentials FROM crm_connectors WHERE name = $1`,
        [connector],
      );
      expect(stored.credentials).toMatch(/^v1\./);
      expect(stored.credentials).not.toContain(secret);
      const audit = await query<{ entry: string }>(
        `SELECT row_to_json(a)::text AS entry FROM audit_log a WHERE entity = 'crm_connector'`,
      );
      expect(audit).toHaveLength(1);
      expect((await asAdmin('GET', '/v1/admin/crm-connectors/nobody')).status).toBe(404);
      expect(audit[0].entry).not.toContain(secret);
    });

    it('a case imported from the CRM gets a social mention and the CRM case receives it as a comment; resolved in the CRM, it is resolved here', async () => {
      const xUser = `91${randomInt(1e9)}`;
      const crmCase = crm.seedCustomerWithCase(xUser, 'Ana Lee');
      const ours = await waitFor(() => caseOf(crmCase), { what: 'the CRM case imported' });
      expect(ours.status).toBe('open');

      const text = `@brand the router drops again ${randomInt(1e6)}`;
      await post(xUser, text);
      const [interaction] = await query<{ case_id: string; platform: string; external_id: string }>(
        `SELECT case_id, platform, external_id FROM interactions WHERE text = $1`,
        [text],
      );
      expect(interaction.case_id).toBe(ours.id);
      const marker = `[scb:x:${interaction.external_id}]`;
      await waitFor(async () => crm.commentsOf(crmCase).some((c) => c.includes(marker)), {
        what: 'the mention as a CRM comment',
      });
      expect(crm.commentsOf(crmCase).find((c) => c.includes(marker))).toContain(text);

      // A waiting work item follows the case (the router is not running here: seeded).
      const [item] = await query<{ id: string }>(
        `INSERT INTO work_items (case_id, queue_name, channel, priority, status, routing_explanation, queued_at)
         VALUES ($1, 'default', 'social', 3, 'queued', 'test', now()) RETURNING id`,
        [ours.id],
      );
      crm.tick();
      crm.resolve(crmCase);
      await waitFor(async () => (await caseOf(crmCase)).status === 'resolved', {
        what: 'the case resolved here',
      });
      const [done] = await query<{ status: string; resolution_code: string }>(
        `SELECT status, resolution_code FROM work_items WHERE id = $1`,
        [item.id],
      );
      expect(done).toEqual({ status: 'completed', resolution_code: `crm:${connector}` });
      await passes(2);
      expect(crm.commentsOf(crmCase).filter((c) => c.includes(marker))).toHaveLength(1);
      const view = await asAdmin('GET', `/v1/admin/crm-connectors/${connector}`);
      expect(view.body).toMatchObject({ state: 'running', lastError: null, conflicts: [] });
      expect(view.body.counts).toMatchObject({ casesLinked: 1, commentsSent: 1 });
      // The same state and counts on /metrics (read from Postgres at scrape).
      const metricsUrl = testApp.app.get(ServiceMetrics).separateUrl()!;
      const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
      const series = (name: string, labels: string) =>
        new RegExp(`${name}\\{[^}]*${labels}[^}]*\\} (\\S+)`).exec(metrics)?.[1];
      expect(series('scb_crm_connector_state', `connector="${connector}",state="running"`)).toBe(
        '1',
      );
      expect(series('scb_crm_sync_records', `connector="${connector}",kind="commentsSent"`)).toBe(
        '1',
      );
      expect(Number(series('scb_crm_sync_lag_seconds', `connector="${connector}"`))).toBeLessThan(
        60,
      );
    });

    it("an agent's internal note reaches the linked CRM case once, as a non-public comment linking our case, also across a restart", async () => {
      const xUser = `98${randomInt(1e9)}`;
      const crmCase = crm.seedCustomerWithCase(xUser, 'Noor Haddad');
      const ours = await waitFor(() => caseOf(crmCase), { what: 'the CRM case imported' });
      const supervisor = authedClient(
        testApp.baseUrl,
        await seedApiKey(testApp.dataSource, 'supervisor', `crm-notes-${kind}`),
      );
      const bodies = [1, 2, 3, 4].map((n) => `Called back, router swap ${n} ${randomInt(1e6)}`);
      const ids: string[] = [];
      for (const body of bodies) {
        const added = await supervisor<{ id: string }>('POST', `/v1/cases/${ours.id}/notes`, {
          body,
        });
        expect(added.status).toBe(201);
        ids.push(added.body.id);
      }
      const markers = ids.map((id) => `[scb:note:${id}]`);
      const notes = () =>
        crm.commentRecordsOf(crmCase).filter((c) => markers.some((m) => c.body.includes(m)));
      // Stopped once some notes are in the CRM (three writes a pass at most), then started again.
      await waitFor(async () => notes().length > 0, { what: 'the first notes', intervalMs: 20 });
      await worker.close();
      worker = await startWorker();
      await waitFor(async () => notes().length >= markers.length, { what: 'every note' });
      await passes(2);
      for (const [i, marker] of markers.entries()) {
        const found = notes().filter((c) => c.body.includes(marker));
        expect(found).toHaveLength(1);
        expect(found[0]).toEqual({ body: expect.stringContaining(bodies[i]), public: false });
        expect(found[0].body).toContain(`scb:case/${ours.case_number}`);
      }
      const [marks] = await query<{ n: string }>(
        `SELECT count(*) AS n FROM crm_note_marks WHERE note_id = ANY($1::uuid[]) AND outcome = 'sent'`,
        [ids],
      );
      expect(Number(marks.n)).toBe(ids.length);

      // Marks lost after the CRM's write (a stop in between): found by marker, not doubled.
      await query(`DELETE FROM crm_note_marks WHERE note_id = ANY($1::uuid[])`, [ids]);
      await waitFor(
        async () => {
          const [again] = await query<{ n: string }>(
            `SELECT count(*) AS n FROM crm_note_marks WHERE note_id = ANY($1::uuid[])`,
            [ids],
          );
          return Number(again.n) === ids.length;
        },
        { what: 'every note marked again' },
      );
      for (const marker of markers)
        expect(notes().filter((c) => c.body.includes(marker))).toHaveLength(1);
    });

    it('both sides changed the status: the case stays open on both (open-wins), the conflict recorded when the CRM dates it', async () => {
      const xUser = `96${randomInt(1e9)}`;
      const crmCase = crm.seedCustomerWithCase(xUser, 'Cy Diaz');
      await waitFor(() => caseOf(crmCase), { what: 'the CRM case imported' });
      crm.tick();
      crm.resolve(crmCase);
      await waitFor(async () => (await caseOf(crmCase)).status === 'resolved', {
        what: 'the case resolved here',
      });
      // Between two passes (the test holds the connector's lock): a new call reopens the case
      // here while the CRM's agent reopens and resolves it again.
      const repo = new CrmConnectorRepository(testApp.db);
      // Tried until no pass holds the lock; the work runs only once it is held.
      await waitFor(
        () =>
          repo.whileSyncing(connector, async () => {
            await query(
              `UPDATE cases SET status = 'open', resolved_at = NULL WHERE crm_case_id = $1`,
              [crmCase],
            );
            crm.tick();
            crm.reopenAndResolve(crmCase);
          }),
        { what: 'the connector lock', intervalMs: 20 },
      );
      await waitFor(async () => crm.statusOf(crmCase) === 'open', {
        what: 'the CRM case reopened',
      });
      await passes(2);
      expect((await caseOf(crmCase)).status).toBe('open');
      expect(crm.statusOf(crmCase)).toBe('open');
      const view = await asAdmin<{ conflicts: Array<Record<string, unknown>> }>(
        'GET',
        `/v1/admin/crm-connectors/${connector}`,
      );
      const recorded = view.body.conflicts.filter((c) => c.crmCaseId === crmCase);
      expect(recorded).toEqual(
        crm.reportsCloseTimes
          ? [
              expect.objectContaining({
                ours: 'open',
                theirs: 'resolved',
                rule: 'open-wins',
                winner: 'scb',
              }),
            ]
          : [],
      );
    });

    it('a case opened here appears in the CRM once, with its first post as a comment; resolved here, it is resolved there', async () => {
      const text = `@brand my bill is wrong ${randomInt(1e6)}`;
      await post(`92${randomInt(1e9)}`, text);
      const [ours] = await query<{ case_number: string; external_id: string }>(
        `SELECT c.case_number, i.external_id FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.text = $1`,
        [text],
      );
      // '' (falsy) until the CRM has it.
      const crmCase = await waitFor(
        async () => crm.casesWithExternalId(ours.case_number)[0] ?? '',
        { what: 'the case in the CRM' },
      );
      await waitFor(
        async () => crm.commentsOf(crmCase).some((c) => c.includes(`[scb:x:${ours.external_id}]`)),
        { what: 'its first post as a comment' },
      );
      await passes(3);
      expect(crm.casesWithExternalId(ours.case_number)).toEqual([crmCase]);
      // The CRM's change feed reports the case back: it stays one case here too.
      expect(
        await query(`SELECT 1 FROM cases WHERE crm_case_id = $1 OR case_number = $2`, [
          crmCase,
          ours.case_number,
        ]),
      ).toHaveLength(1);
      // Resolved here (as an agent's completion does): resolved in the CRM.
      await query(
        `UPDATE cases SET status = 'resolved', resolved_at = now() WHERE case_number = $1`,
        [ours.case_number],
      );
      await waitFor(async () => crm.statusOf(crmCase) === 'resolved', {
        what: 'the CRM case resolved',
      });
      await passes(2);
      expect(
        await query(`SELECT status FROM cases WHERE case_number = $1`, [ours.case_number]),
      ).toEqual([{ status: 'resolved' }]);
    });

    it('a case the CRM refuses is dead-lettered with the CRM reason, shown to admins, and the sync goes on', async () => {
      // A customer the CRM no longer has (imported earlier through the CRM import).
      const xUser = `94${randomInt(1e9)}`;
      const integration = authedClient(
        testApp.baseUrl,
        await seedApiKey(testApp.dataSource, 'integration', `crm-${kind}`),
      );
      const imported = await integration('POST', '/v1/admin/crm-import', {
        customers: [
          {
            crmId: crm.unknownCustomer.crmId,
            displayName: 'Gone Customer',
            identities: [{ platform: 'x', externalUserId: xUser }],
          },
        ],
      });
      expect(imported.status).toBe(200);
      const text = `@brand where is my refund ${randomInt(1e6)}`;
      await post(xUser, text);
      const [ours] = await query<{ case_number: string }>(
        `SELECT c.case_number FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.text = $1`,
        [text],
      );
      type View = { deadLetters: Array<Record<string, unknown>>; counts: { deadLetters: number } };
      const letter = await waitFor(
        async () =>
          (
            await asAdmin<View>('GET', `/v1/admin/crm-connectors/${connector}`)
          ).body.deadLetters.find((d) => d.recordRef === ours.case_number),
        { what: 'the dead letter' },
      );
      expect(letter).toMatchObject({
        operation: 'upsertCase',
        code: crm.unknownCustomer.code,
        reason: expect.stringContaining(crm.unknownCustomer.reason),
        httpStatus: expect.any(Number),
      });
      // Not retried, and the next case goes through.
      const next = `@brand unrelated question ${randomInt(1e6)}`;
      await post(`95${randomInt(1e9)}`, next);
      const [other] = await query<{ case_number: string }>(
        `SELECT c.case_number FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.text = $1`,
        [next],
      );
      await waitFor(async () => crm.casesWithExternalId(other.case_number).length === 1, {
        what: 'the next case in the CRM',
      });
      await passes(2);
      expect(crm.casesWithExternalId(ours.case_number)).toEqual([]);
      expect(
        await query(`SELECT 1 FROM crm_dead_letters WHERE record_ref = $1`, [ours.case_number]),
      ).toHaveLength(1);
    });

    it('full sync imports every customer and recent case page by page, progress in GET; pause and resume', async () => {
      const paused = await asAdmin('POST', `/v1/admin/crm-connectors/${connector}/pause`);
      expect(paused).toMatchObject({ status: 200, body: { state: 'paused' } });
      const seeded = Array.from({ length: 7 }, (_, i) =>
        crm.seedCustomerWithCase(`97${randomInt(1e9)}`, `Full Sync ${i}`),
      );
      const asked = await asAdmin('POST', `/v1/admin/crm-connectors/${connector}/full-sync`);
      expect(asked).toMatchObject({ status: 202, body: { fullSync: { status: 'requested' } } });
      expect(
        (await asAdmin('POST', `/v1/admin/crm-connectors/${connector}/full-sync`)).status,
      ).toBe(409);
      expect(
        await query(`SELECT 1 FROM cases WHERE crm_case_id = ANY($1::text[])`, [seeded]),
      ).toEqual([]);
      await asAdmin('POST', `/v1/admin/crm-connectors/${connector}/resume`);
      type Progress = { status: string; pages: number; customers: number; cases: number };
      const progress = async () =>
        (await asAdmin<{ fullSync: Progress }>('GET', `/v1/admin/crm-connectors/${connector}`)).body
          .fullSync;
      await waitFor(async () => (await progress()).status === 'done', {
        what: 'the full sync done',
      });
      const done = await progress();
      // Pages of 5: several pages of customers, then of cases.
      expect(done.pages).toBeGreaterThan(3);
      expect(done.customers).toBeGreaterThanOrEqual(seeded.length);
      expect(done.cases).toBeGreaterThanOrEqual(seeded.length);
      expect(
        await query(`SELECT 1 FROM cases WHERE crm_case_id = ANY($1::text[])`, [seeded]),
      ).toHaveLength(seeded.length);
      const audit = await query<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity = 'crm_connector' ORDER BY at`,
      );
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['pause', 'full-sync', 'resume']),
      );
    });

    it('a restart mid-sync loses and doubles nothing on either side', async () => {
      const xUser = `93${randomInt(1e9)}`;
      const crmCase = crm.seedCustomerWithCase(xUser, 'Bo Chan');
      await waitFor(() => caseOf(crmCase), { what: 'the CRM case imported' });
      const posts = Array.from({ length: 12 }, (_, i) =>
        aMention({ authorId: xUser, text: `@brand post ${i} ${randomInt(1e6)}` }),
      );
      const opened = Array.from({ length: 4 }, (_, i) =>
        aMention({ text: `@brand new customer ${i} ${randomInt(1e6)}` }),
      );
      await mentionRecorder(testApp.dataSource)(
        [...posts, ...opened].map((mention) => ({ mention, publishedAt: new Date() })),
        matcher.forBatch(RuleSet.defaults()),
      );
      const markers = posts.map((p) => `[scb:x:${p.externalId}]`);
      const sent = () => markers.filter((m) => crm.commentsOf(crmCase).some((c) => c.includes(m)));
      // Three comments a pass at most: stop the worker once some are in the CRM, not all.
      await waitFor(async () => sent().length > 0, { what: 'the first comments', intervalMs: 20 });
      await worker.close();
      const atStop = sent().length;
      expect(atStop).toBeLessThan(markers.length);

      worker = await startWorker();
      await waitFor(async () => sent().length === markers.length, {
        what: 'every post as a comment',
      });
      const numbers = await query<{ case_number: string }>(
        `SELECT DISTINCT c.case_number FROM interactions i JOIN cases c ON c.id = i.case_id
          WHERE i.external_id = ANY($1::text[])`,
        [opened.map((m) => m.externalId)],
      );
      expect(numbers).toHaveLength(opened.length);
      await waitFor(
        async () => numbers.every((n) => crm.casesWithExternalId(n.case_number).length > 0),
        {
          what: 'the new cases in the CRM',
        },
      );
      await passes(3);
      for (const marker of markers)
        expect(crm.commentsOf(crmCase).filter((c) => c.includes(marker))).toHaveLength(1);
      for (const n of numbers) expect(crm.casesWithExternalId(n.case_number)).toHaveLength(1);
      const [marks] = await query<{ n: string }>(
        `SELECT count(*) AS n FROM crm_comment_marks m JOIN interactions i ON i.id = m.interaction_id
          WHERE i.external_id = ANY($1::text[]) AND m.outcome = 'sent'`,
        [posts.map((p) => p.externalId)],
      );
      expect(Number(marks.n)).toBe(posts.length);
      expect(await query(`SELECT 1 FROM cases WHERE crm_case_id = $1`, [crmCase])).toHaveLength(1);

      // A stop between the CRM's write and our record of it (mark, link) repeats the write:
      // the CRM side finds the first one (comment marker, external id) instead of doubling it.
      const lost = numbers[0].case_number;
      await query(
        `DELETE FROM crm_comment_marks WHERE interaction_id IN
           (SELECT id FROM interactions WHERE external_id = ANY($1::text[]))`,
        [posts.map((p) => p.externalId)],
      );
      await query(
        `DELETE FROM crm_case_links WHERE case_id = (SELECT id FROM cases WHERE case_number = $1)`,
        [lost],
      );
      await waitFor(
        async () =>
          (
            await query(
              `SELECT 1 FROM crm_case_links l JOIN cases c ON c.id = l.case_id WHERE c.case_number = $1`,
              [lost],
            )
          ).length === 1,
        { what: 'the link stored again' },
      );
      // Three a pass: every post found in the CRM and marked again.
      await waitFor(
        async () => {
          const [again] = await query<{ n: string }>(
            `SELECT count(*) AS n FROM crm_comment_marks m JOIN interactions i ON i.id = m.interaction_id
              WHERE i.external_id = ANY($1::text[]) AND m.outcome = 'sent'`,
            [posts.map((p) => p.externalId)],
          );
          return Number(again.n) === posts.length;
        },
        { what: 'every post marked again' },
      );
      for (const marker of markers)
        expect(crm.commentsOf(crmCase).filter((c) => c.includes(marker))).toHaveLength(1);
      expect(crm.casesWithExternalId(lost)).toHaveLength(1);
    });
  },
);
