import { AsyncLocalStorage } from 'node:async_hooks';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { UnitOfWork } from '@scb/core';

/** A statement's result in one shape whatever the statement (TypeORM's structured result). */
export interface SqlResult<T> {
  /** The rows a SELECT or a `RETURNING` clause produced; empty otherwise. */
  rows: T[];
  /** Rows inserted, updated or deleted (for a SELECT: rows returned). */
  affected: number;
}

/**
 * A statement run per request or per hand-out, as a named prepared statement: node-postgres
 * sends `Parse` once per pooled connection and then only `Bind`/`Execute` with the name, so
 * Postgres parses and plans it once per connection instead of on every call, and its text
 * crosses the socket once (issue 17: the hand-out's `claimNext` + `complete` cost Postgres 20%
 * less CPU this way, measured with pgbench `-M prepared` against `-M extended`). Postgres may
 * switch such a statement to a generic plan after five runs, so use it for statements whose plan
 * does not depend on the parameters' values (key lookups), not for set-based batches.
 * Source: https://node-postgres.com/features/queries#prepared-statements and
 * https://www.postgresql.org/docs/15/sql-prepare.html (plan caching).
 */
export class PreparedStatement {
  /**
   * @param name unique in the process (one name per text: node-postgres refuses a known name
   *   with a different text on the same connection)
   * @param text the SQL with `$n` placeholders
   */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}
}

/** node-postgres' client as far as a named statement needs it. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{
    rows: unknown[];
    rowCount: number | null;
  }>;
}

interface Scope {
  manager: EntityManager;
  afterCommit: Array<() => Promise<void> | void>;
}

/**
 * The process's database access: the unit of work (TypeORM's `DataSource.transaction`, carried
 * through async calls with Node's `AsyncLocalStorage`, so no repository signature takes a
 * transaction handle) and typed raw SQL for the set-based paths.
 *
 * Repositories call `rows`/`execute`/`manager`: inside `run` they join its transaction, outside it
 * each statement runs on its own pooled connection. Works the same in the Nest apps, the CLIs and
 * the tests (it needs no DI container).
 */
export class Database implements UnitOfWork {
  private readonly scope = new AsyncLocalStorage<Scope>();

  constructor(readonly dataSource: DataSource) {}

  /** The current unit of work's entity manager, or the pool's outside one. */
  get manager(): EntityManager {
    return this.scope.getStore()?.manager ?? this.dataSource.manager;
  }

  /** True inside `run`. */
  get inUnitOfWork(): boolean {
    return this.scope.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return work();
    const afterCommit: Scope['afterCommit'] = [];
    const result = await this.dataSource.transaction((manager) =>
      this.scope.run({ manager, afterCommit }, work),
    );
    // Outside the transaction's scope: callbacks that write start units of work of their own.
    for (const callback of afterCommit) await callback();
    return result;
  }

  afterCommit(callback: () => Promise<void> | void): void {
    const current = this.scope.getStore();
    if (!current) throw new Error('afterCommit called outside a unit of work');
    current.afterCommit.push(callback);
  }

  /** Rows of a SELECT or of a statement with `RETURNING`, typed by the caller. */
  async rows<T>(sql: string | PreparedStatement, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.execute<T>(sql, params)).rows;
  }

  /** The first row, or null. */
  async one<T>(
    sql: string | PreparedStatement,
    params: readonly unknown[] = [],
  ): Promise<T | null> {
    return (await this.execute<T>(sql, params)).rows[0] ?? null;
  }

  /**
   * Runs one statement and returns rows and affected count in one shape (TypeORM's
   * `manager.query` returns rows for SELECT but `[rows, count]` for UPDATE/DELETE).
   * @throws QueryFailedError (TypeORM's) when Postgres refuses the statement, for both kinds
   */
  async execute<T = unknown>(
    sql: string | PreparedStatement,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<T>> {
    const shared = this.scope.getStore()?.manager.queryRunner;
    const runner: QueryRunner = shared ?? this.dataSource.createQueryRunner();
    try {
      if (sql instanceof PreparedStatement)
        return await this.executePrepared<T>(runner, sql, params);
      const result = (await runner.query(sql, [...params], true)) as {
        records?: T[];
        affected?: number;
      };
      const rows = Array.isArray(result.records) ? result.records : [];
      return { rows, affected: result.affected ?? rows.length };
    } finally {
      if (!shared) await runner.release();
    }
  }

  /**
   * The named statement on the runner's own connection (TypeORM's `query` takes text only);
   * failures are logged and thrown as TypeORM's would be, so callers see one error type.
   */
  private async executePrepared<T>(
    runner: QueryRunner,
    statement: PreparedStatement,
    params: readonly unknown[],
  ): Promise<SqlResult<T>> {
    const client = (await runner.connect()) as PgClient;
    const values = [...params];
    try {
      const raw = await client.query({ name: statement.name, text: statement.text, values });
      return { rows: raw.rows as T[], affected: raw.rowCount ?? raw.rows.length };
    } catch (error) {
      this.dataSource.logger.logQueryError(error as Error, statement.text, values, runner);
      throw new QueryFailedError(statement.text, values, error as Error);
    }
  }
}
