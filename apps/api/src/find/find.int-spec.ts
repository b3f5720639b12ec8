import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import { CaseSearchRepository, Database } from '@scb/persistence';
import {
  aMention,
  appUrl,
  authedClient,
  clearQueueKeys,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  seedApiKey,
  seedSession,
  type ApiCall,
} from '@scb/testing';
import { startApi } from '../api.app';
import { ApiConfigSchema } from '../api.config';

interface CaseItem {
  id: string;
  caseNumber: string;
  status: string;
  priority: number;
  customer: { id: string; displayName: string | null; handles: string[] };
  lastActivityAt: string;
  openedAt: string;
  workItem: { queue: string } | null;
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
interface Problem {
  reason?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** Issue 12 points 7 and 9: notes on cases, finding cases and customers, on the real stack. */
describe('find and notes: GET /v1/cases filters and sort, customers search and 360, notes', () => {
  const env = isolatedEnv('find');
  let app: INestApplication;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let admin: ApiCall;
  let base: string;
  /** The CRM's Maria: phone and email on file, an X account, an open CRM case. */
  let maria: { id: string; crmCase: string; callCase: string; callCustomer: string };
  /** A persona the matcher made from two posts. */
  let router: { id: string; caseId: string; caseNumber: string };

  const numbers = (page: Page<CaseItem>) => page.items.map((c) => c.caseNumber).sort();
  const cases = async (query: string) => {
    const answer = await admin<Page<CaseItem>>('GET', `/v1/cases${query}`);
    expect({ query, status: answer.status }).toEqual({ query, status: 200 });
    return answer.body;
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    app = await startApi(loadConfig(ApiConfigSchema, { ...process.env, ...env }));
    base = await appUrl(app);
    admin = authedClient(base, await seedApiKey(dataSource, 'admin'));

    const imported = await admin('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-MARIA-1',
          displayName: 'Maria Lopez',
          tier: 'gold',
          identities: [{ platform: 'x', externalUserId: '4242', handle: 'MariaL' }],
          identifiers: [
            { kind: 'phone', value: '(312) 532-2341' },
            { kind: 'email', value: 'Maria.Lopez@example.com' },
          ],
          cases: [{ crmCaseId: 'ORDER-77', category: 'orders', priority: 2 }],
        },
      ],
    });
    expect(imported.status).toBe(200);
    const [crm]: Array<{ customer_id: string; id: string }> = await dataSource.query(
      `SELECT customer_id, id FROM cases WHERE crm_case_id = 'ORDER-77'`,
    );
    // A call from a number on file nowhere: a customer of its own (later merged into Maria).
    const call = await admin<{ case: { id: string }; customer: { id: string } }>(
      'POST',
      '/v1/work-items',
      { channel: 'phone', callerNumber: '+13125329999', callId: 'call-find-1', note: 'fee waiver' },
    );
    expect(call.status).toBe(201);
    maria = {
      id: crm.customer_id,
      crmCase: crm.id,
      callCase: call.body.case.id,
      callCustomer: call.body.customer.id,
    };

    const matcher = new BatchCaseMatcher(randomUUID);
    await mentionRecorder(dataSource)(
      [
        aMention({
          authorId: '777001',
          authorHandle: 'RouterGuy',
          authorName: 'Sam Router',
          text: '@brand my router keeps dropping the connection every evening',
        }),
        aMention({ authorId: '777001', authorHandle: 'RouterGuy', text: 'still broken' }),
      ].map((mention) => ({ mention, publishedAt: new Date() })),
      matcher.forBatch(RuleSet.defaults()),
    );
    const [persona]: Array<{ id: string; case_id: string; case_number: string }> =
      await dataSource.query(
        `SELECT cu.id, c.id AS case_id, c.case_number FROM customers cu JOIN cases c ON c.customer_id = cu.id
          WHERE cu.display_name = 'Sam Router'`,
      );
    router = { id: persona.id, caseId: persona.case_id, caseNumber: persona.case_number };
    // Distinct times and priorities, and one resolved case in another queue, for sorting.
    await dataSource.query(`INSERT INTO queues (name, description) VALUES ('orders', 'Orders')`);
    await dataSource.query(
      `UPDATE cases SET opened_at = now() - interval '3 days', last_activity_at = now() - interval '1 hour' WHERE id = $1`,
      [maria.crmCase],
    );
    await dataSource.query(
      `UPDATE cases SET opened_at = now() - interval '2 days', last_activity_at = now() - interval '2 hours', priority = 4 WHERE id = $1`,
      [router.caseId],
    );
    await dataSource.query(
      `UPDATE cases SET opened_at = now() - interval '1 day', last_activity_at = now() - interval '3 hours',
              priority = 1, status = 'resolved', resolved_at = now() WHERE id = $1`,
      [maria.callCase],
    );
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE case_id = $1`, [
      maria.callCase,
    ]);
    await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at)
       VALUES ($1, 'orders', 'social', 2, 'test', now())`,
      [maria.crmCase],
    );
  });
  afterAll(async () => {
    await app.close();
    await clearQueueKeys(env.QUEUE_PREFIX);
    await drop();
  });

  it('finds cases by each filter: number, customer, phone in any format, handle, email, CRM id, status, queue', async () => {
    const all = await cases('');
    expect(all.total).toBe(3);
    const [crmNumber, callNumber] = await Promise.all(
      [maria.crmCase, maria.callCase].map(async (id) => {
        const [row]: Array<{ case_number: string }> = await dataSource.query(
          `SELECT case_number FROM cases WHERE id = $1`,
          [id],
        );
        return row.case_number;
      }),
    );
    expect(numbers(await cases(`?caseNumber=${crmNumber.toLowerCase()}`))).toEqual([crmNumber]);
    expect(numbers(await cases(`?customerId=${router.id}`))).toEqual([router.caseNumber]);
    // The CRM's number on file, in any format; the caller id of the other call.
    for (const phone of ['(312) 532-2341', '+1 312 532 2341', '312.532.2341', '+13125322341'])
      expect(numbers(await cases(`?phone=${encodeURIComponent(phone)}`))).toEqual([crmNumber]);
    expect(numbers(await cases('?phone=%2B13125329999'))).toEqual([callNumber]);
    expect(numbers(await cases('?phone=%2B14155552671'))).toEqual([]);
    for (const handle of ['RouterGuy', '@routerguy'])
      expect(numbers(await cases(`?handle=${encodeURIComponent(handle)}`))).toEqual([
        router.caseNumber,
      ]);
    expect(numbers(await cases('?handle=mariaL'))).toEqual([crmNumber]);
    expect(numbers(await cases('?email=MARIA.lopez%40example.com'))).toEqual([crmNumber]);
    expect(numbers(await cases('?crmId=CRM-MARIA-1'))).toEqual([crmNumber]);
    expect(numbers(await cases('?crmId=ORDER-77'))).toEqual([crmNumber]);
    expect(numbers(await cases('?status=resolved'))).toEqual([callNumber]);
    expect(numbers(await cases('?status=open'))).toEqual([crmNumber, router.caseNumber].sort());
    expect(numbers(await cases('?queue=orders'))).toEqual([crmNumber]);
    // The call's latest work item is in default (completed); the persona's case has none.
    expect(numbers(await cases('?queue=default'))).toEqual([callNumber]);
    // Filters combine.
    expect(numbers(await cases('?phone=3125322341&status=open'))).toEqual([crmNumber]);
    const item = (await cases(`?caseNumber=${crmNumber}`)).items[0];
    expect(item).toMatchObject({
      customer: { id: maria.id, displayName: 'Maria Lopez', handles: ['x:MariaL'] },
      workItem: { queue: 'orders' },
    });
  });

  it('filters by channel, SLA state of the active item and the agent holding it; lists both', async () => {
    const [{ case_number: crmNumber }]: Array<{ case_number: string }> = await dataSource.query(
      `SELECT case_number FROM cases WHERE id = $1`,
      [maria.crmCase],
    );
    const [{ case_number: callNumber }]: Array<{ case_number: string }> = await dataSource.query(
      `SELECT case_number FROM cases WHERE id = $1`,
      [maria.callCase],
    );
    // The CRM's case came in by phone (the import's default), the persona's on X.
    expect(numbers(await cases('?channel=phone'))).toEqual([crmNumber, callNumber].sort());
    expect(numbers(await cases('?channel=social'))).toEqual([router.caseNumber]);
    // Only the CRM case has an active (queued) item, and no SLA stage reached yet.
    expect(numbers(await cases('?sla=ok'))).toEqual([crmNumber]);
    expect(numbers(await cases('?sla=atRisk'))).toEqual([]);
    const [{ id: agentId }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name) VALUES ('Filter Agent') RETURNING id`,
    );
    const [{ id: itemId }]: Array<{ id: string }> = await dataSource.query(
      `SELECT id FROM work_items WHERE case_id = $1 AND status = 'queued'`,
      [maria.crmCase],
    );
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2, assigned_at = now(),
              first_response_due_at = '2030-01-01T00:00:00Z' WHERE id = $1`,
      [itemId, agentId],
    );
    const stage = (name: string) =>
      dataSource.query(
        `INSERT INTO sla_events (work_item_id, case_id, queue_name, kind, stage, due_at)
         VALUES ($1, $2, 'orders', 'firstResponse', $3, now())`,
        [itemId, maria.crmCase, name],
      );
    try {
      expect(numbers(await cases(`?agentId=${agentId}`))).toEqual([crmNumber]);
      expect(numbers(await cases(`?agentId=${randomUUID()}`))).toEqual([]);
      await stage('atRisk');
      expect(numbers(await cases('?sla=atRisk'))).toEqual([crmNumber]);
      expect(numbers(await cases('?sla=ok'))).toEqual([]);
      expect((await cases(`?sla=atRisk&agentId=${agentId}&channel=phone`)).items[0]).toMatchObject({
        caseNumber: crmNumber,
        workItem: {
          queue: 'orders',
          status: 'assigned',
          agentId,
          sla: {
            state: 'atRisk',
            firstResponseDueAt: '2030-01-01T00:00:00.000Z',
            firstRespondedAt: null,
          },
        },
      });
      await stage('breached');
      expect(numbers(await cases('?sla=breached'))).toEqual([crmNumber]);
      expect(numbers(await cases('?sla=atRisk'))).toEqual([]);
      expect(numbers(await cases('?sla=breached&channel=social'))).toEqual([]);
      for (const [query, path] of [
        ['?channel=fax', 'channel'],
        ['?sla=late', 'sla'],
        ['?agentId=me', 'agentId'],
      ]) {
        const answer = await admin<Problem>('GET', `/v1/cases${query}`);
        expect([answer.status, answer.body.errors?.map((e) => e.path)]).toEqual([400, [path]]);
      }
    } finally {
      await dataSource.query(`DELETE FROM sla_events WHERE work_item_id = $1`, [itemId]);
      await dataSource.query(
        `UPDATE work_items SET status = 'queued', agent_id = NULL, assigned_at = NULL,
                first_response_due_at = NULL WHERE id = $1`,
        [itemId],
      );
    }
  });

  it('free text: stemmed words in posts and phone notes, customer names; sorted by relevance', async () => {
    expect(numbers(await cases('?q=dropped'))).toEqual([router.caseNumber]);
    expect(numbers(await cases('?q=%22keeps%20dropping%22'))).toEqual([router.caseNumber]);
    expect(numbers(await cases('?q=router%20-evening'))).toEqual([router.caseNumber]); // the name
    expect(numbers(await cases('?q=waiver'))).toHaveLength(1);
    expect((await cases('?q=lopez')).total).toBe(1);
    expect((await cases('?q=nothing-like-this')).total).toBe(0);
    // Relevance first, ties by activity; an explicit sort overrides it.
    expect((await cases('?q=router&sort=-relevance,createdAt')).items).toHaveLength(1);
  });

  it('sorts by -updatedAt (default), createdAt and priority; refuses bad sorts and parameters', async () => {
    const byActivity = (await cases('')).items.map((c) => c.id);
    expect(byActivity).toEqual([maria.crmCase, router.caseId, maria.callCase]);
    expect((await cases('?sort=-updatedAt')).items.map((c) => c.id)).toEqual(byActivity);
    expect((await cases('?sort=updatedAt')).items.map((c) => c.id)).toEqual(
      [...byActivity].reverse(),
    );
    expect((await cases('?sort=createdAt')).items.map((c) => c.id)).toEqual([
      maria.crmCase,
      router.caseId,
      maria.callCase,
    ]);
    expect((await cases('?sort=-createdAt')).items.map((c) => c.id)).toEqual([
      maria.callCase,
      router.caseId,
      maria.crmCase,
    ]);
    expect((await cases('?sort=priority')).items.map((c) => c.priority)).toEqual([1, 2, 4]);
    expect((await cases('?sort=-priority,createdAt')).items.map((c) => c.priority)).toEqual([
      4, 2, 1,
    ]);
    for (const [query, path] of [
      ['?sort=colour', 'sort'],
      ['?sort=relevance', 'sort'],
      ['?sort=priority,-priority', 'sort'],
      ['?phone=not-a-number', 'phone'],
      ['?email=nobody', 'email'],
      ['?caseNumber=123', 'caseNumber'],
      ['?customerId=7', 'customerId'],
      ['?status=lost', 'status'],
    ]) {
      const answer = await admin<Problem>('GET', `/v1/cases${query}`);
      expect({
        query,
        status: answer.status,
        paths: answer.body.errors?.map((e) => e.path),
      }).toEqual({ query, status: 400, paths: [path] });
    }
    const unknown = await admin<Problem>('GET', '/v1/cases?stauts=open');
    expect([unknown.status, unknown.body.errors?.[0].path]).toEqual([400, 'query.stauts']);
  });

  it('pages with the list envelope, total beyond the last page too, in one statement per page', async () => {
    const first = await cases('?limit=2');
    const second = await cases('?limit=2&offset=2');
    expect([first.total, first.limit, first.offset, first.items.length]).toEqual([3, 2, 0, 2]);
    expect([second.total, second.offset, second.items.length]).toEqual([3, 2, 1]);
    expect(new Set([...first.items, ...second.items].map((c) => c.id)).size).toBe(3);
    const past = await cases('?limit=2&offset=10');
    expect([past.total, past.items.length]).toEqual([3, 0]);

    const db = new Database(dataSource);
    const statements = jest.spyOn(db, 'execute');
    const page = await new CaseSearchRepository(db).search({
      text: 'router',
      phone: '+13125322341',
      status: 'open',
      sort: [{ field: 'relevance', descending: true }],
      limit: 50,
      offset: 0,
    });
    expect(page.total).toBe(0);
    await new CaseSearchRepository(db).search({
      sort: [{ field: 'lastActivityAt', descending: true }],
      limit: 50,
      offset: 0,
    });
    expect(statements).toHaveBeenCalledTimes(2);
  });

  it('GET /v1/cases/CS-… answers the same case as its id', async () => {
    const byId = await admin<{ caseNumber: string }>('GET', `/v1/cases/${router.caseId}`);
    const byNumber = await admin<{ id: string }>('GET', `/v1/cases/${byId.body.caseNumber}`);
    expect([byNumber.status, byNumber.body.id]).toEqual([200, router.caseId]);
    expect((await admin('GET', '/v1/cases/CS-999999')).status).toBe(404);
  });

  it('notes: the holder and supervisors write, others get 403 with a reason; on the timeline, audited, never sent', async () => {
    const agent = await admin<{ id: string }>('POST', '/v1/agents', { name: 'Ana' });
    const other = await admin<{ id: string }>('POST', '/v1/agents', { name: 'Bo' });
    const ana = authedClient(
      base,
      await seedSession(dataSource, { role: 'agent', agentId: agent.body.id }),
    );
    const bo = authedClient(
      base,
      await seedSession(dataSource, { role: 'agent', agentId: other.body.id }),
    );
    const supervisor = authedClient(base, await seedSession(dataSource, { role: 'supervisor' }));
    const viewer = authedClient(base, await seedSession(dataSource, { role: 'viewer' }));
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2, assigned_at = now() WHERE case_id = $1 AND status = 'queued'`,
      [maria.crmCase, agent.body.id],
    );
    const path = `/v1/cases/${maria.crmCase}/notes`;
    const repliesBefore = await dataSource.query(`SELECT count(*)::int AS n FROM replies`);

    const written = await ana<Record<string, unknown>>('POST', path, {
      body: '  Promised a fee waiver on the next bill.  ',
    });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({
      caseId: maria.crmCase,
      body: 'Promised a fee waiver on the next bill.',
      agentId: agent.body.id,
      author: { kind: 'user', name: expect.stringMatching(/@test\.scb$/) },
    });
    const bySupervisor = await supervisor('POST', path, { body: 'Checked with billing.' });
    expect(bySupervisor.status).toBe(201);

    const refused = await bo<Problem>('POST', path, { body: 'not mine' });
    expect([refused.status, refused.body.reason]).toEqual([403, 'not_case_holder']);
    const queued = await ana<Problem>('POST', `/v1/cases/${router.caseId}/notes`, { body: 'x' });
    expect([queued.status, queued.body.reason]).toEqual([403, 'not_case_holder']);
    const byViewer = await viewer<Problem>('POST', path, { body: 'hello' });
    expect([byViewer.status, byViewer.body.reason]).toEqual([403, 'role_not_allowed']);
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(4001) }, {}, { body: 'a', extra: 1 }]) {
      const bad = await supervisor<Problem>('POST', path, body);
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.length).toBeGreaterThan(0);
    }
    expect((await supervisor('POST', '/v1/cases/CS-999999/notes', { body: 'x' })).status).toBe(404);

    // By case number too; on the timeline as notes with their authors, oldest first.
    const [{ case_number }]: Array<{ case_number: string }> = await dataSource.query(
      `SELECT case_number FROM cases WHERE id = $1`,
      [maria.crmCase],
    );
    expect(
      (await admin('POST', `/v1/cases/${case_number}/notes`, { body: 'Admin note' })).status,
    ).toBe(201);
    const timeline = await admin<{ entries: Array<Record<string, unknown>> }>(
      'GET',
      `/v1/cases/${case_number}`,
    );
    const notes = timeline.body.entries.filter((e) => e.kind === 'note');
    expect(notes.map((n) => [n.text, n.platform, n.direction])).toEqual([
      ['Promised a fee waiver on the next bill.', 'internal', 'internal'],
      ['Checked with billing.', 'internal', 'internal'],
      ['Admin note', 'internal', 'internal'],
    ]);
    expect(notes[0].author).toEqual((written.body.author as { name: string }).name);

    // Audited in the same transaction; nothing was sent or queued for a platform.
    const audit: Array<{ entity_id: string; actor_name: string; after: Record<string, unknown> }> =
      await dataSource.query(
        `SELECT entity_id, actor_name, after FROM audit_log WHERE entity = 'case_note' AND action = 'create' ORDER BY seq`,
      );
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({
      entity_id: written.body.id,
      after: { caseId: maria.crmCase, characters: 39 },
    });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM replies`)).toEqual(repliesBefore);
    const outbox: Array<{ n: number }> = await dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload::text LIKE '%fee waiver on the next%'`,
    );
    expect(outbox[0].n).toBe(0);
  });

  it('customers: q finds by name prefix, handle, phone in any format, email, CRM id; merged ones left out', async () => {
    const search = async (q: string) => {
      const answer = await admin<Page<{ id: string; identities: unknown[] }>>(
        'GET',
        `/v1/customers?q=${encodeURIComponent(q)}`,
      );
      expect({ q, status: answer.status }).toEqual({ q, status: 200 });
      return answer.body;
    };
    const ids = async (q: string) => (await search(q)).items.map((c) => c.id).sort();
    expect(await ids('mar lop')).toEqual([maria.id]);
    expect(await ids('Maria')).toEqual([maria.id]);
    expect(await ids('@marial')).toEqual([maria.id]);
    expect(await ids('routerguy')).toEqual([router.id]);
    expect(await ids('(312) 532-2341')).toEqual([maria.id]);
    expect(await ids('(312) 532-9999')).toEqual([maria.callCustomer]);
    expect(await ids('maria.lopez@EXAMPLE.com')).toEqual([maria.id]);
    expect(await ids('CRM-MARIA-1')).toEqual([maria.id]);
    expect(await ids('777001')).toEqual([router.id]);
    expect(await ids('nobody at all')).toEqual([]);
    const everyone = await search('');
    expect([everyone.total, everyone.limit, everyone.offset]).toEqual([3, 50, 0]);
    const paged = await admin<Page<unknown>>('GET', '/v1/customers?limit=1&offset=1');
    expect([paged.body.total, paged.body.items.length]).toEqual([3, 1]);
    expect((await admin('GET', '/v1/customers?name=x')).status).toBe(400);
  });

  it('customer 360: identities with trust and source, every case, one timeline across them', async () => {
    await admin('POST', `/v1/customers/${maria.callCustomer}/merge`, {
      intoCustomerId: maria.id,
      reason: 'same caller number as on file',
    });
    const profile = await admin<Record<string, unknown>>('GET', `/v1/customers/${maria.id}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      id: maria.id,
      displayName: 'Maria Lopez',
      tier: 'gold',
      crmId: 'CRM-MARIA-1',
      mergedInto: null,
      timelineTruncated: false,
    });
    const identities = profile.body.identities as Array<Record<string, unknown>>;
    expect(identities).toHaveLength(5);
    expect(identities.map((i) => [i.kind, i.value, i.trust, i.source])).toEqual(
      expect.arrayContaining([
        ['email', 'maria.lopez@example.com', 'proven', 'crm'],
        ['phone', '+13125322341', 'proven', 'crm'],
        ['x', 'MariaL', 'proven', 'crm'],
        ['crm-id', 'CRM-MARIA-1', 'proven', 'crm'],
        // The caller id the other call taught us, moved here by the merge.
        ['phone', '+13125329999', 'proven', 'phone-network'],
      ]),
    );
    const caseIds = (profile.body.cases as Array<{ id: string }>).map((c) => c.id);
    expect(caseIds.sort()).toEqual([maria.crmCase, maria.callCase].sort());
    const timeline = profile.body.timeline as Array<{
      kind: string;
      caseId: string;
      caseNumber: string;
    }>;
    expect(new Set(timeline.map((e) => e.caseId))).toEqual(
      new Set([maria.crmCase, maria.callCase]),
    );
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['phone', 'note']));
    expect(timeline.every((e) => /^CS-\d{6}$/.test(e.caseNumber))).toBe(true);

    const tombstone = await admin<{ mergedInto: string; cases: unknown[] }>(
      'GET',
      `/v1/customers/${maria.callCustomer}`,
    );
    expect([tombstone.body.mergedInto, tombstone.body.cases]).toEqual([maria.id, []]);
    const listed = await admin<Page<{ id: string }>>('GET', '/v1/customers?q=%2B13125322341');
    expect(listed.body.items.map((c) => c.id)).toEqual([maria.id]);
    // Erasing the customer erases the notes agents wrote on their cases too.
    expect((await admin('DELETE', `/v1/customers/${maria.id}/personal-data`)).status).toBe(200);
    const notes: Array<{ body: string }> = await dataSource.query(
      `SELECT DISTINCT body FROM case_notes WHERE case_id = $1`,
      [maria.crmCase],
    );
    expect(notes).toEqual([{ body: '[erased]' }]);
    expect((await cases('?q=lopez')).total).toBe(0);
    expect((await admin('GET', `/v1/customers/${randomUUID()}`)).status).toBe(404);
    expect((await admin('GET', '/v1/customers/not-a-uuid')).status).toBe(400);
  });

  it('a new post is findable by text as soon as it is stored: no indexer, no lag (migration 1767850000000)', async () => {
    await mentionRecorder(dataSource)(
      [
        {
          mention: aMention({ authorId: '777001', text: 'the xylophone ringtone is back' }),
          publishedAt: new Date(),
        },
      ],
      new BatchCaseMatcher(randomUUID).forBatch(RuleSet.defaults()),
    );
    // Stemmed (english): "xylophones" finds "xylophone".
    expect((await cases('?q=xylophones')).total).toBe(1);
  });
});
