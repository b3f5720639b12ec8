import { freshDatabase } from '@scb/testing';
import type { DataSource } from 'typeorm';

describe('entities of the plain tables', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(`entities_${process.pid}`));
  });
  afterAll(() => drop());

  it('match the migrated schema exactly: synchronize would change nothing', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
