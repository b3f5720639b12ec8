import type { DataSource } from 'typeorm';
import type { Database } from '@scb/persistence';

/**
 * The data source handed to repositories that still take a `DataSource` (and a `manager`
 * parameter defaulting to `dataSource.manager`): inside a unit of work (`Database.run`), its
 * `manager`, `query` and `transaction` are the unit of work's (a repository's own
 * `transaction` becomes a savepoint in it), so a use case's writes and its audit entry commit
 * together without any transaction handle in a signature; outside one it is the pool as before.
 * Repositories built on `Database` join the unit of work by themselves and need none of this.
 */
export function unitOfWorkDataSource(db: Database): DataSource {
  return new Proxy(db.dataSource, {
    get(target, property, receiver) {
      if (!db.inUnitOfWork) return Reflect.get(target, property, receiver) as unknown;
      const manager = db.manager;
      if (property === 'manager') return manager;
      if (property === 'query') return manager.query.bind(manager);
      if (property === 'transaction') return manager.transaction.bind(manager);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
