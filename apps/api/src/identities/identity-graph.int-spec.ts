import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
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

interface PhoneWork {
  case: { id: string; caseNumber: string; reused: boolean };
  customer: { id: string; known: boolean };
  workItem: { id: string };
}
interface Identity {
  id: string | null;
  kind: string;
  value: string;
  handle: string | null;
  trust: string;
  source: string;
  evidence: Record<string, unknown> | null;
  learntAt: string;
}
interface Profile {
  identities: Identity[];
  cases: Array<{ id: string }>;
  timeline: Array<{ caseId: string; kind: string; text: string }>;
}
interface Problem {
  reason?: string;
}

/** Issue 12 items 1 and 2: one identity graph per customer, with trust on every link. */
describe('identity graph: calls and posts meet through identities on file; claims are confirmed or detached', () => {
  const env = isolatedEnv('identity');
  let app: INestApplication;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let admin: ApiCall;
  let base: string;
  let post: (text: string, authorId: string, handle?: string) => Promise<void>;
  let posts = 0;

  const call = async (callerNumber: string) => {
    const answer = await admin<PhoneWork>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber,
      callId: `call-${randomUUID()}`,
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const profile = async (customerId: string) => {
    const answer = await admin<Profile>('GET', `/v1/customers/${customerId}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const caseOfPost = async (externalId: string) => {
    const [row]: Array<{ case_id: string; customer_id: string }> = await dataSource.query(
      `SELECT case_id, customer_id FROM interactions WHERE platform = 'x' AND external_id = $1`,
      [externalId],
    );
    return row;
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    app = await startApi(loadConfig(ApiConfigSchema, { ...process.env, ...env }));
    base = await appUrl(app);
    admin = authedClient(base, await seedApiKey(dataSource, 'admin'));
    const record = mentionRecorder(dataSource);
    const matcher = new BatchCaseMatcher(randomUUID);
    post = async (text, authorId, handle) => {
      posts += 1;
      await record(
        [
          {
            mention: aMention({
              externalId: `${Date.now()}${String(posts).padStart(4, '0')}`,
              authorId,
              authorHandle: handle ?? `user${authorId}`,
              text,
            }),
            publishedAt: new Date(),
          },
        ],
        matcher.forBatch(RuleSet.defaults()),
      );
    };
  });
  afterAll(async () => {
    await app.close();
    await clearQueueKeys(env.QUEUE_PREFIX);
    await drop();
  });

  const lastPostId = async (authorId: string) => {
    const [row]: Array<{ external_id: string }> = await dataSource.query(
      `SELECT external_id FROM interactions WHERE author_id = $1 ORDER BY received_at DESC LIMIT 1`,
      [authorId],
    );
    return row.external_id;
  };

  it('a CRM customer calling from the number on file is known, on their CRM case; their X account then joins it', async () => {
    const imported = await admin('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-ID-1',
          displayName: 'Dana Crm',
          identities: [{ platform: 'x', externalUserId: '5550001', handle: 'DanaCrm' }],
          identifiers: [{ kind: 'phone', value: '(415) 555-2671' }],
          cases: [{ crmCaseId: 'K-ID-1', category: 'billing' }],
        },
      ],
    });
    expect(imported.status).toBe(200);
    const [crm]: Array<{ id: string; customer_id: string }> = await dataSource.query(
      `SELECT id, customer_id FROM cases WHERE crm_case_id = 'K-ID-1'`,
    );

    const work = await call('+1 415 555 2671');
    expect(work.customer).toEqual({ id: crm.customer_id, known: true });
    expect(work.case).toMatchObject({ id: crm.id, reused: true });

    await post('@brand the bill is wrong again', '5550001', 'DanaCrm');
    expect(await caseOfPost(await lastPostId('5550001'))).toEqual({
      case_id: crm.id,
      customer_id: crm.customer_id,
    });
  });

  it('an X account the CRM knows only by handle: its first post joins the CRM case and teaches the user id', async () => {
    const imported = await admin('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-ID-3',
          identities: [{ platform: 'x', handle: '@ModemMia' }],
          cases: [{ crmCaseId: 'K-ID-3' }],
        },
      ],
    });
    expect(imported.status).toBe(200);
    const [crm]: Array<{ id: string; customer_id: string }> = await dataSource.query(
      `SELECT id, customer_id FROM cases WHERE crm_case_id = 'K-ID-3'`,
    );
    await post('@brand modem blinking red', '5550010', 'modemmia');
    expect(await caseOfPost(await lastPostId('5550010'))).toEqual({
      case_id: crm.id,
      customer_id: crm.customer_id,
    });
    const account = (await profile(crm.customer_id)).identities.find((i) => i.kind === 'x');
    expect(account).toMatchObject({ value: '@ModemMia', trust: 'proven', source: 'crm' });
    // Known by its user id from now on, whatever its handle becomes.
    await post('@brand still red', '5550010', 'mia_renamed');
    expect((await caseOfPost(await lastPostId('5550010'))).case_id).toBe(crm.id);
  });

  it('call, then a post by an unknown account giving that number: one case, the link claimed with its evidence', async () => {
    const work = await call('+13125322341');
    expect(work.customer.known).toBe(false);

    await post('@brand still no internet, my number is (312) 532-2341', '5550002');
    const externalId = await lastPostId('5550002');
    expect(await caseOfPost(externalId)).toEqual({
      case_id: work.case.id,
      customer_id: work.customer.id,
    });
    const identities = (await profile(work.customer.id)).identities;
    expect(identities.map((i) => [i.kind, i.value, i.trust, i.source])).toEqual([
      ['phone', '+13125322341', 'proven', 'phone-network'],
      ['x', 'user5550002', 'claimed', 'matcher'],
    ]);
    expect(identities[1].evidence).toMatchObject({
      kind: 'phone',
      value: '+13125322341',
      externalId,
    });
    expect(identities[1].learntAt).toEqual(expect.any(String));
    // On the case's timeline the post shows as unverified, with the claim's evidence.
    const timeline = await admin<{ entries: Array<Record<string, unknown>> }>(
      'GET',
      `/v1/cases/${work.case.id}`,
    );
    expect(timeline.body.entries.find((e) => e.kind === 'mention')).toMatchObject({
      authorTrust: 'claimed',
      claimEvidence: { kind: 'phone', value: '+13125322341', externalId },
    });
    expect(timeline.body.entries.find((e) => e.kind === 'phone')).toMatchObject({
      authorTrust: null,
    });
  });

  it('a post giving a number first, then a call from it: the call is known and joins the post’s case', async () => {
    await post('@brand modem dead. call me on 312-555-0187', '5550003');
    const first = await caseOfPost(await lastPostId('5550003'));
    const work = await call('+13125550187');
    expect(work.customer).toEqual({ id: first.customer_id, known: true });
    expect(work.case).toMatchObject({ id: first.case_id, reused: true });
    const identities = (await profile(first.customer_id)).identities;
    expect(identities.find((i) => i.kind === 'phone')).toMatchObject({
      value: '+13125550187',
      trust: 'claimed',
      source: 'matcher',
    });
  });

  it('confirm: a claim becomes proven (source agent), audited; only claims, only by holders and supervisors', async () => {
    const work = await call('+13125550100');
    await post('@brand my number is +1 312 555 0100', '5550004');
    const claim = (await profile(work.customer.id)).identities.find((i) => i.kind === 'x')!;
    expect(claim.trust).toBe('claimed');
    const path = `/v1/customers/${work.customer.id}/identities/${claim.id}`;

    const agent = await admin<{ id: string }>('POST', '/v1/agents', { name: 'Ana' });
    const ana = authedClient(
      base,
      await seedSession(dataSource, { role: 'agent', agentId: agent.body.id }),
    );
    const refused = await ana<Problem>('POST', `${path}/confirm`);
    expect([refused.status, refused.body.reason]).toEqual([403, 'not_case_holder']);
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2, assigned_at = now() WHERE id = $1`,
      [work.workItem.id, agent.body.id],
    );
    const confirmed = await ana<{ identity: Identity }>('POST', `${path}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.identity).toMatchObject({ trust: 'proven', source: 'agent' });
    expect(confirmed.body.identity.evidence).toMatchObject({
      kind: 'phone',
      confirmedBy: expect.any(String),
    });

    const again = await ana<Problem>('POST', `${path}/confirm`);
    expect([again.status, again.body.reason]).toEqual([409, 'already_proven']);
    const unknown = await admin<Problem>(
      'POST',
      `/v1/customers/${work.customer.id}/identities/${randomUUID()}/confirm`,
    );
    expect([unknown.status, unknown.body.reason]).toEqual([404, 'identity_not_found']);
    const nobody = await admin<Problem>(
      'POST',
      `/v1/customers/${randomUUID()}/identities/${claim.id}/detach`,
    );
    expect([nobody.status, nobody.body.reason]).toEqual([404, 'customer_not_found']);
    expect((await admin('POST', `/v1/customers/x/identities/${claim.id}/confirm`)).status).toBe(
      400,
    );
    const audit = await admin<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/audit-log?entity=customer_identity',
    );
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ entityId: claim.id, action: 'confirm' }),
    );
  });

  it('detach: the account no longer resolves to the customer; its posts move to a queued case of its own', async () => {
    const work = await call('+13125550111');
    await post('@brand I am the account holder, number 312 555 0111', '5550005');
    const claimed = await caseOfPost(await lastPostId('5550005'));
    expect(claimed.case_id).toBe(work.case.id);
    const claim = (await profile(work.customer.id)).identities.find((i) => i.kind === 'x')!;

    const detached = await admin<{
      detached: {
        personaId: string;
        case: { id: string };
        workItemId: string;
        movedInteractions: number;
      };
    }>('POST', `/v1/customers/${work.customer.id}/identities/${claim.id}/detach`);
    expect(detached.status).toBe(200);
    const { personaId, case: own, workItemId, movedInteractions } = detached.body.detached;
    expect(movedInteractions).toBe(1);
    expect(await caseOfPost(await lastPostId('5550005'))).toEqual({
      case_id: own.id,
      customer_id: personaId,
    });
    const customer = await profile(work.customer.id);
    expect(customer.identities.map((i) => i.kind)).toEqual(['phone']);
    expect(customer.timeline.every((e) => e.caseId === work.case.id && e.kind === 'phone')).toBe(
      true,
    );
    const [item]: Array<{ status: string; queue_name: string }> = await dataSource.query(
      `SELECT status, queue_name FROM work_items WHERE id = $1`,
      [workItemId],
    );
    expect(item).toEqual({ status: 'queued', queue_name: 'default' });

    // The account's next post goes to its own case, not the customer's.
    await post('@brand hello again', '5550005');
    expect((await caseOfPost(await lastPostId('5550005'))).case_id).toBe(own.id);
  });

  it('identity policy: an admin auto-confirms kinds of claim (validated, audited); later claims of that kind are proven', async () => {
    expect((await admin('GET', '/v1/admin/identity-policy')).body).toMatchObject({
      autoConfirm: [],
    });
    const bad = await admin('PUT', '/v1/admin/identity-policy', { autoConfirm: ['handle'] });
    expect(bad.status).toBe(400);
    const put = await admin('PUT', '/v1/admin/identity-policy', {
      autoConfirm: ['email', 'case-number'],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ autoConfirm: ['case-number', 'email'] });

    const imported = await admin('POST', '/v1/admin/crm-import', {
      customers: [
        { crmId: 'CRM-ID-2', identifiers: [{ kind: 'email', value: 'eve@example.com' }] },
      ],
    });
    expect(imported.status).toBe(200);
    await post('@brand write to me at Eve@Example.com', '5550006');
    const { customer_id } = await caseOfPost(await lastPostId('5550006'));
    const account = (await profile(customer_id)).identities.find((i) => i.kind === 'x');
    expect(account).toMatchObject({ trust: 'proven', source: 'matcher' });

    const audit = await admin<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/audit-log?entity=identity_policy',
    );
    expect(audit.body.items[0]).toMatchObject({
      action: 'update',
      before: { autoConfirm: [] },
      after: { autoConfirm: ['case-number', 'email'] },
    });
    expect((await admin('PUT', '/v1/admin/identity-policy', { autoConfirm: [] })).status).toBe(200);
  });

  it('an agent adds the number the customer will call from: the call reaches that customer', async () => {
    await post('@brand my router died, I will phone you later', '5550008');
    const { case_id, customer_id } = await caseOfPost(await lastPostId('5550008'));
    const added = await admin<{ identity: Identity; created: boolean }>(
      'POST',
      `/v1/customers/${customer_id}/identities`,
      { kind: 'phone', value: '(312) 555-0133' },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      created: true,
      identity: { kind: 'phone', value: '+13125550133', trust: 'proven', source: 'agent' },
    });
    const again = await admin<{ created: boolean }>(
      'POST',
      `/v1/customers/${customer_id}/identities`,
      { kind: 'phone', value: '+1 312 555 0133' },
    );
    expect([again.status, again.body.created]).toEqual([201, false]);
    const work = await call('+13125550133');
    expect(work.customer).toEqual({ id: customer_id, known: true });
    expect(work.case.id).toBe(case_id);

    const held = await admin<Problem>('POST', `/v1/customers/${customer_id}/identities`, {
      kind: 'phone',
      value: '+13125322341',
    });
    expect([held.status, held.body.reason]).toEqual([409, 'held_by_another_customer']);
    const bad = await admin('POST', `/v1/customers/${customer_id}/identities`, {
      kind: 'phone',
      value: '12',
    });
    expect(bad.status).toBe(400);
    const audit = await admin<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/audit-log?entity=customer_identity',
    );
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ entityId: added.body.identity.id, action: 'add' }),
    );
  });

  it('erasing a customer erases every identity of the graph, phone-network numbers included', async () => {
    const work = await call('+13125550122');
    await post('@brand my number 312 555 0122', '5550007');
    const erased = await admin<{ erased: { identities: number; identifiers: number } }>(
      'DELETE',
      `/v1/customers/${work.customer.id}/personal-data`,
    );
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toMatchObject({ identities: 1, identifiers: 1 });
    const left = await dataSource.query(
      `SELECT 1 FROM customer_identifiers WHERE customer_id = $1
       UNION ALL SELECT 1 FROM customer_identities WHERE customer_id = $1`,
      [work.customer.id],
    );
    expect(left).toEqual([]);
  });
});
