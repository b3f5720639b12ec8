import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SlaTimerQueue, WorkQueueGateway, WorkQueueProjector } from '@scb/work-queues';
import {
  appUrl,
  authedClient,
  createTestApp,
  isolatedEnv,
  seedApiKey,
  seedQueuedWork,
  type ApiCall,
} from '@scb/testing';

interface Timeline {
  id: string;
  caseNumber: string;
  status: string;
  workItem: { id: string; status: string; agentId: string | null } | null;
  mergedInto: { id: string; caseNumber: string; by: string | null } | null;
  mergedCases: Array<{ id: string; caseNumber: string }>;
  entries: Array<{ kind: string; text: string; caseNumber: string; from: string }>;
}

describe('case merge through the api (real Postgres, Redis and BullMQ)', () => {
  const env = isolatedEnv('casemerge');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let admin: ApiCall;
  let supervisor: ApiCall;
  let agentCall: ApiCall;

  const waitingJobs = async () => {
    await app.get(WorkQueueProjector).settled();
    const counts = await app.get(WorkQueueGateway).counts('default');
    return counts.waiting + counts.prioritized;
  };
  /** Two queued items on two cases of ONE customer (the second case moved onto the first's customer). */
  const twoCasesOfOneCustomer = async () => {
    await dataSource.query(
      `UPDATE work_items SET status = 'completed' WHERE status <> 'completed'`,
    );
    await app.get(WorkQueueGateway).queue('default').obliterate({ force: true });
    const [older, urgent] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 3, queuedSecondsAgo: 60 },
      { channel: 'social', priority: 1, queuedSecondsAgo: 5 },
    ]);
    await dataSource.query(
      `UPDATE cases SET customer_id = (SELECT customer_id FROM cases WHERE id = $1) WHERE id = $2`,
      [older.caseId, urgent.caseId],
    );
    await app.get(WorkQueueGateway).enqueue([older, urgent]);
    return { older, urgent };
  };

  beforeAll(async () => {
    ({ app, dataSource, close } = await createTestApp('api', env));
    const url = await appUrl(app);
    admin = authedClient(url, await seedApiKey(dataSource, 'admin'));
    supervisor = authedClient(url, await seedApiKey(dataSource, 'supervisor'));
    agentCall = authedClient(url, await seedApiKey(dataSource, 'agent'));
  });
  afterAll(() => close());

  it("merges a case into another: the holder's item is kept and moved, the other completed and its job removed", async () => {
    const { older, urgent } = await twoCasesOfOneCustomer();
    expect(await waitingJobs()).toBe(2);
    const agent = await admin<{ id: string }>('POST', '/v1/agents', { name: 'Ana' });
    await admin('PUT', `/v1/agents/${agent.body.id}/presence`, { presence: 'available' });
    const taken = await admin<{ id: string }>('POST', `/v1/agents/${agent.body.id}/next`);
    expect(taken.body.id).toBe(urgent.id);
    const timers = app.get(SlaTimerQueue);
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    await timers.schedule(
      [
        { workItemId: older.id, kind: 'firstResponse', stage: 'breached', dueAt },
        { workItemId: older.id, kind: 'resolution', stage: 'breached', dueAt },
        { workItemId: urgent.id, kind: 'resolution', stage: 'breached', dueAt },
      ],
      Date.now(),
    );

    const merged = await supervisor<Record<string, unknown>>(
      'POST',
      `/v1/cases/${urgent.caseNumber}/merge`,
      { into: older.caseNumber },
    );

    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({
      caseId: older.caseId,
      caseNumber: older.caseNumber,
      mergedCaseIds: [urgent.caseId],
      mergedCaseNumbers: [urgent.caseNumber],
      keptWorkItemId: urgent.id,
      completedWorkItemIds: [older.id],
    });
    expect(await waitingJobs()).toBe(0);
    // The completed item's SLA timers are stopped; the kept item's keep running.
    expect(await timers.pending(older.id)).toEqual([]);
    expect(await timers.pending(urgent.id)).toHaveLength(1);
    const [completed]: Array<{ status: string; resolution_code: string }> = await dataSource.query(
      `SELECT status, resolution_code FROM work_items WHERE id = $1`,
      [older.id],
    );
    expect(completed).toEqual({
      status: 'completed',
      resolution_code: `merged:${older.caseNumber}`,
    });

    const survivor = await agentCall<Timeline>('GET', `/v1/cases/${older.caseNumber}`);
    expect(survivor.body.workItem).toMatchObject({
      id: urgent.id,
      status: 'assigned',
      agentId: agent.body.id,
    });
    expect(survivor.body.mergedCases).toEqual([
      { id: urgent.caseId, caseNumber: urgent.caseNumber },
    ]);
    expect(survivor.body.entries).toContainEqual(
      expect.objectContaining({
        kind: 'event',
        text: expect.stringMatching(new RegExp(`^${urgent.caseNumber} merged into this case by `)),
      }),
    );
    const gone = await agentCall<Timeline>('GET', `/v1/cases/${urgent.caseId}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({
      status: 'merged',
      mergedInto: { id: older.caseId, caseNumber: older.caseNumber },
    });

    const audit = await admin<{
      items: Array<{ entity: string; action: string; entityId: string }>;
    }>('GET', '/v1/audit-log?entity=cases');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ entity: 'cases', action: 'merge', entityId: urgent.caseId }),
    );
  });

  it('refuses a merge into itself, of a merged case, across customers (409 with a reason), and agents', async () => {
    const { older, urgent } = await twoCasesOfOneCustomer();
    const [stranger] = await seedQueuedWork(dataSource, [{ channel: 'social', priority: 3 }]);
    const reason = async (from: string, into: string) => {
      const r = await supervisor<{ reason?: string }>('POST', `/v1/cases/${from}/merge`, { into });
      return [r.status, r.body.reason];
    };
    expect(await reason(older.caseNumber, older.caseId)).toEqual([409, 'same_case']);
    expect(await reason(stranger.caseNumber, older.caseNumber)).toEqual([
      409,
      'different_customers',
    ]);
    expect(await reason('CS-999999', older.caseNumber)).toEqual([404, undefined]);
    expect((await reason(urgent.caseNumber, older.caseNumber))[0]).toBe(200);
    expect(await reason(urgent.caseNumber, older.caseNumber)).toEqual([409, 'already_merged']);
    const byAgent = await agentCall('POST', `/v1/cases/${older.caseNumber}/merge`, {
      into: stranger.caseNumber,
    });
    expect(byAgent.status).toBe(403);
  });

  it("a customer merge folds the two customers' open cases into the oldest", async () => {
    await dataSource.query(
      `UPDATE work_items SET status = 'completed' WHERE status <> 'completed'`,
    );
    await app.get(WorkQueueGateway).queue('default').obliterate({ force: true });
    const [phone, social] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 3, queuedSecondsAgo: 30 },
      { channel: 'social', priority: 3, queuedSecondsAgo: 10 },
    ]);
    await app.get(WorkQueueGateway).enqueue([phone, social]);
    const [from, into]: Array<{ customer_id: string }> = await dataSource.query(
      `SELECT customer_id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY opened_at DESC`,
      [[phone.caseId, social.caseId]],
    );
    const [{ id: oldest }]: Array<{ id: string }> = await dataSource.query(
      `SELECT id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY opened_at, case_number LIMIT 1`,
      [[phone.caseId, social.caseId]],
    );
    const other = oldest === phone.caseId ? social : phone;

    const merged = await admin<{ caseMerge: { caseId: string; mergedCaseIds: string[] } }>(
      'POST',
      `/v1/customers/${from.customer_id}/merge`,
      { intoCustomerId: into.customer_id, reason: 'same person on the phone and on X' },
    );

    expect(merged.status).toBe(200);
    expect(merged.body.caseMerge).toMatchObject({ caseId: oldest, mergedCaseIds: [other.caseId] });
    expect(await waitingJobs()).toBe(1);
    const active: Array<{ case_id: string }> = await dataSource.query(
      `SELECT case_id FROM work_items WHERE id = ANY($1::uuid[]) AND status = 'queued'`,
      [[phone.id, social.id]],
    );
    expect(active).toEqual([{ case_id: oldest }]);
  });
});
