import { freshDatabase } from '@scb/testing';
import { QueryFailedError, type DataSource } from 'typeorm';
import { isDataError } from './data-error';
import { Database, PreparedStatement } from './database';

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

  it('runs a prepared statement: parsed once per connection, rows and counts in the same shape', async () => {
    const insert = new PreparedStatement(
      'probe.insert',
      'INSERT INTO uow_probe (id, label) VALUES ($1, $2) RETURNING id',
    );
    const byId = new PreparedStatement('probe.by-id', 'SELECT label FROM uow_probe WHERE id = $1');
    // More calls than the pool has connections, some at once: every connection prepares it
    // once and runs it by name after (a second Parse of the name would fail in Postgres).
    await Promise.all([1, 2, 3, 4, 5, 6].map((id) => db.execute(insert, [id, `n${id}`])));
    expect(await db.execute<{ id: number }>(insert, [7, 'seven'])).toEqual({
      rows: [{ id: 7 }],
      affected: 1,
    });
    for (let i = 0; i < 8; i += 1) {
      expect(await db.one<{ label: string }>(byId, [7])).toEqual({ label: 'seven' });
    }
    expect(await db.one(byId, [99])).toBeNull();
    // On one connection (a unit of work), the statement is prepared server-side under its name.
    const prepared = await db.run(async () => {
      await db.one(byId, [7]);
      return db.rows<{ statement: string }>(
        `SELECT statement FROM pg_prepared_statements WHERE name = 'probe.by-id'`,
      );
    });
    expect(prepared).toEqual([{ statement: byId.text }]);
  });

  it('joins the unit of work with a prepared statement, and fails like a text statement', async () => {
    const insert = new PreparedStatement(
      'probe.insert-in-unit',
      'INSERT INTO uow_probe (id, label) VALUES ($1, $2)',
    );
    await expect(
      db.run(async () => {
        await db.execute(insert, [1, 'kept only if committed']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await labels()).toEqual([]);

    await db.execute(insert, [1, 'one']);
    const duplicate = await db.execute(insert, [1, 'again']).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(QueryFailedError);
    expect(duplicate).toMatchObject({ code: '23505' });
    expect(isDataError(duplicate)).toBe(true);
    // The connection is still usable, the statement too.
    await db.execute(insert, [2, 'two']);
    expect(await labels()).toEqual(['one', 'two']);
  });

  it('refuses after-commit callbacks outside a unit of work', () => {
    expect(() => db.afterCommit(() => undefined)).toThrow(/outside a unit of work/);
  });
});
