import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { UnitOfWork } from '@scb/core';

/** A statement's result in one shape whatever the statement (TypeORM's structured result). */
export interface SqlResult<T> {
  /** The rows a SELECT or a `RETURNING` clause produced; empty otherwise. */
  rows: T[];
  /** Rows inserted, updated or deleted (for a SELECT: rows returned). */
  affected: number;
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
  async rows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.execute<T>(sql, params)).rows;
  }

  /** The first row, or null. */
  async one<T>(sql: string, params: readonly unknown[] = []): Promise<T | null> {
    return (await this.execute<T>(sql, params)).rows[0] ?? null;
  }

  /**
   * Runs one statement and returns rows and affected count in one shape (TypeORM's
   * `manager.query` returns rows for SELECT but `[rows, count]` for UPDATE/DELETE).
   */
  async execute<T = unknown>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const shared = this.scope.getStore()?.manager.queryRunner;
    const runner: QueryRunner = shared ?? this.dataSource.createQueryRunner();
    try {
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
}
