import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv, undoMigrationsSince } from '@scb/testing';

/** 1766800000000-identity-graph on rows written before it: callers move, trust is backfilled. */
describe('migration IdentityGraph1766800000000 (real Postgres)', () => {
  const env = isolatedEnv('idmig');
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA)));
  afterAll(() => drop());

  /** Reverts this migration and every later one (they run again with `runMigrations`). */
  const undoIdentityGraph = () => undoMigrationsSince(dataSource, 1766800000000);

  const customer = async () => {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO customers (id) VALUES ($1)`, [id]);
    return id;
  };

  it('moves phone callers into the identifiers (the CRM row wins a clash), backfills trust and source, and reverts', async () => {
    await undoIdentityGraph();
    const [caller, crm, clash, persona] = [
      await customer(),
      await customer(),
      await customer(),
      await customer(),
    ];
    await dataSource.query(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, link, evidence) VALUES
         ($1, 'phone', '+13125322341', '+13125322341', 'observed', NULL),
         ($3, 'phone', '+14155552671', '+14155552671', 'observed', NULL),
         ($2, 'x', '111', 'crm_x', 'imported', NULL),
         ($4, 'x', '222', 'claimer', 'inferred', '{"kind":"email","value":"a@b.io"}'),
         ($4, 'x', '333', 'own', 'observed', NULL)`,
      [caller, crm, clash, persona],
    );
    await dataSource.query(
      `INSERT INTO customer_identifiers (kind, value, customer_id) VALUES ('phone', '+14155552671', $1)`,
      [crm],
    );

    await dataSource.runMigrations({ transaction: 'all' });

    expect(
      await dataSource.query(
        `SELECT kind, value, customer_id, source, trust FROM customer_identifiers ORDER BY value`,
      ),
    ).toEqual([
      {
        kind: 'phone',
        value: '+13125322341',
        customer_id: caller,
        source: 'phone-network',
        trust: 'proven',
      },
      { kind: 'phone', value: '+14155552671', customer_id: crm, source: 'crm', trust: 'proven' },
    ]);
    expect(
      await dataSource.query(
        `SELECT platform, external_user_id, trust, source FROM customer_identities ORDER BY external_user_id`,
      ),
    ).toEqual([
      { platform: 'x', external_user_id: '111', trust: 'proven', source: 'crm' },
      { platform: 'x', external_user_id: '222', trust: 'claimed', source: 'matcher' },
      { platform: 'x', external_user_id: '333', trust: 'proven', source: 'platform' },
    ]);
    // An older writer naming neither trust nor source gets them from the link.
    await dataSource.query(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, link) VALUES ($1, 'x', '444', 'inferred')`,
      [persona],
    );
    expect(
      await dataSource.query(
        `SELECT trust, source FROM customer_identities WHERE external_user_id = '444'`,
      ),
    ).toEqual([{ trust: 'claimed', source: 'matcher' }]);

    // Down puts the callers back as phone accounts; up again gives the same graph.
    await undoIdentityGraph();
    expect(
      await dataSource.query(
        `SELECT customer_id FROM customer_identities WHERE platform = 'phone' ORDER BY external_user_id`,
      ),
    ).toEqual([{ customer_id: caller }]);
    await dataSource.runMigrations({ transaction: 'all' });
    expect(
      await dataSource.query(
        `SELECT count(*)::int AS n FROM customer_identifiers WHERE kind = 'phone'`,
      ),
    ).toEqual([{ n: 2 }]);
  });
});
