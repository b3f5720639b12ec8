import type { DataSource } from 'typeorm';
import { captureOutput, freshDatabase, isolatedEnv } from '@scb/testing';
import { hashPassword } from '@scb/auth';

describe('failed queries are logged without their parameters (real Postgres)', () => {
  const env = isolatedEnv('dblog');
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
  });
  afterAll(async () => drop());

  it('a NUL in one parameter fails the query; the log names the statement and the error, not the hash or the text', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const text = 'my card 4111 1111 1111 1111 was charged twice';
    const logs = await captureOutput(async () => {
      await expect(
        dataSource.query(`SELECT $1::text AS display_name, $2::text AS hash, $3::text AS text`, [
          'Ana \u0000 Nul',
          hash,
          text,
        ]),
      ).rejects.toThrow(/0x00/);
      await expect(
        dataSource.query(`INSERT INTO no_such_table (a, b) VALUES ($1, $2)`, [hash, text]),
      ).rejects.toThrow(/no_such_table/);
    });
    expect(logs).toMatch(/query failed/);
    expect(logs).toContain('INSERT INTO no_such_table');
    expect(logs).toContain('42P01'); // SQLSTATE: undefined_table
    expect(logs).not.toContain(hash);
    expect(logs).not.toContain(hash.split('$').at(-1));
    expect(logs).not.toContain('4111');
    expect(logs).not.toMatch(/PARAMETERS/);
  });
});
