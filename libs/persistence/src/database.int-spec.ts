import { freshDatabase } from '@scb/testing';
import type { DataSource } from 'typeorm';
import { Database } from './database';

describe('Database (unit of work and typed SQL on the real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(`db_uow_${process.pid}`));
    db = new Database(dataSource);
    await db.execute('CREATE TABLE uow_probe (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(() => drop());
  beforeEach(() => db.execute('TRUNCATE uow_probe'));

  const labels = async () =>
    (await db.rows<{ label: string }>('SELECT label FROM uow_probe ORDER BY id')).map(
      (r) => r.label,
    );

  it('gives rows and affected counts in one shape for every kind of statement', async () => {
    const inserted = await db.execute<{ id: number }>(
      'INSERT INTO uow_probe (id, label) VALUES (1, $1), (2, $2) RETURNING id',
      ['a', 'b'],
    );
    expect(inserted).toEqual({ rows: [{ id: 1 }, { id: 2 }], affected: 2 });
    expect(await db.execute('UPDATE uow_probe SET label = label || $1', ['!'])).toEqual({
      rows: [],
      affected: 2,
    });
    expect(await db.execute('DELETE FROM uow_probe WHERE id = 9')).toEqual({
      rows: [],
      affected: 0,
    });
    expect(await db.one<{ label: string }>('SELECT label FROM uow_probe WHERE id = 1')).toEqual({
      label: 'a!',
    });
    expect(await db.one('SELECT label FROM uow_probe WHERE id = 9')).toBeNull();
  });

  it('commits everything a unit wrote together, nested units joining the outer one', async () => {
    const events: string[] = [];
    await db.run(async () => {
      await db.execute("INSERT INTO uow_probe VALUES (1, 'one')");
      db.afterCommit(() => void events.push('published'));
      await db.run(async () => db.execute("INSERT INTO uow_probe VALUES (2, 'two')"));
      // Not visible outside the transaction yet.
      const outside = await dataSource.query('SELECT count(*)::int AS n FROM uow_probe');
      expect(outside).toEqual([{ n: 0 }]);
      expect(events).toEqual([]);
    });
    expect(await labels()).toEqual(['one', 'two']);
    expect(events).toEqual(['published']);
  });

  it('rolls back everything on an error and never runs after-commit callbacks', async () => {
    const events: string[] = [];
    await expect(
      db.run(async () => {
        await db.execute("INSERT INTO uow_probe VALUES (1, 'one')");
        db.afterCommit(() => void events.push('published'));
        await db.run(async () => db.execute("INSERT INTO uow_probe VALUES (1, 'duplicate')"));
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await labels()).toEqual([]);
    expect(events).toEqual([]);
    expect(db.inUnitOfWork).toBe(false);
  });

  it('keeps concurrent units apart', async () => {
    await Promise.all(
      [1, 2, 3, 4].map((id) =>
        db
          .run(async () => {
            await db.execute('INSERT INTO uow_probe VALUES ($1, $2)', [id, `u${id}`]);
            if (id === 3) throw new Error('only this one fails');
          })
          .catch(() => undefined),
      ),
    );
    expect(await labels()).toEqual(['u1', 'u2', 'u4']);
  });

  it('refuses after-commit callbacks outside a unit of work', () => {
    expect(() => db.afterCommit(() => undefined)).toThrow(/outside a unit of work/);
  });
});
