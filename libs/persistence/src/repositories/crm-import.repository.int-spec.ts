import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CrmImportSchema } from '@scb/contracts';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import { aMention, countRows, freshDatabase, isolatedEnv, mentionRecorder } from '@scb/testing';
import { Database } from '../database';
import { CrmImportRepository } from './crm-import.repository';

describe('CrmImportRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let crm: Pick<CrmImportRepository, 'import'>;
  const run = randomUUID().slice(0, 8);
  const batch = () =>
    CrmImportSchema.parse({
      customers: [
        {
          crmId: `crm-${run}-1`,
          displayName: 'Ana',
          tier: 'gold',
          identities: [{ platform: 'x', externalUserId: `ana-${run}` }],
          identifiers: [
            { kind: 'email', value: 'Ana@Example.com' },
            { kind: 'phone', value: '(415) 555-2671' },
            { kind: 'phone', value: '12' },
          ],
          cases: [{ crmCaseId: `case-${run}-1`, category: 'billing' }],
        },
        { crmId: `crm-${run}-2`, cases: [{ crmCaseId: `case-${run}-2`, status: 'resolved' }] },
      ],
    }).customers;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('crm').DB_SCHEMA));
    // Each import in its own unit of work, as ImportCrmCustomers runs it.
    const db = new Database(dataSource);
    const repository = new CrmImportRepository(db);
    crm = { import: (...args) => db.run(() => repository.import(...args)) };
  });
  afterAll(() => drop());

  it('imports customers, identities, normalized identifiers and cases, and is idempotent', async () => {
    const progress: Array<[number, number]> = [];
    const first = await crm.import(batch(), 'US', (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    const second = await crm.import(batch());

    expect(first).toEqual({
      customers: { created: 2, updated: 0 },
      identities: { linked: 1, alreadyLinked: 0, heldByAnotherCustomer: [] },
      identifiers: { added: 2, rejected: [`crm-${run}-1: phone 12`] },
      cases: { created: 2, updated: 0 },
    });
    expect(second).toMatchObject({
      customers: { created: 0, updated: 2 },
      identities: { linked: 0, alreadyLinked: 1 },
      identifiers: { added: 0 },
      cases: { created: 0, updated: 2 },
    });
    expect(await countRows(dataSource, 'SELECT 1 FROM customers')).toBe(2);
    expect(await countRows(dataSource, 'SELECT 1 FROM cases')).toBe(2);
    expect(
      (await dataSource.query(`SELECT value FROM customer_identifiers ORDER BY value`)) as unknown,
    ).toEqual([{ value: '+14155552671' }, { value: 'ana@example.com' }]);
  });

  it("lets the matcher put an imported customer's next post on the imported case", async () => {
    const mention = aMention({ authorId: `ana-${run}` });
    await mentionRecorder(dataSource)(
      [{ mention, publishedAt: new Date() }],
      new BatchCaseMatcher(randomUUID).forBatch(RuleSet.defaults()),
    );
    const [row]: Array<{ crm_case_id: string; rule: string }> = await dataSource.query(
      `SELECT c.crm_case_id, i.decision->>'rule' AS rule FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.external_id = $1`,
      [mention.externalId],
    );
    expect(row).toEqual({ crm_case_id: `case-${run}-1`, rule: 'open-case' });
  });

  it('reports an identity already held by another customer instead of moving it', async () => {
    const [other] = CrmImportSchema.parse({
      customers: [
        { crmId: `crm-${run}-3`, identities: [{ platform: 'x', externalUserId: `ana-${run}` }] },
      ],
    }).customers;
    const result = await crm.import([other]);
    expect(result.identities).toEqual({
      linked: 0,
      alreadyLinked: 0,
      heldByAnotherCustomer: [`x:ana-${run}`],
    });
  });
});
