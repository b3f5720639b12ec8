import { AsyncLocalStorage } from 'node:async_hooks';
import type { UnitOfWork } from '@scb/core';

/**
 * A unit of work for unit tests of use cases with in-memory repositories: runs the work inline,
 * counts units and commits, and runs after-commit callbacks only when the work succeeded (a
 * rejected unit counts as rolled back; in-memory fakes that need real rollback snapshot
 * themselves). Like `Database`, the current unit follows the async flow (`AsyncLocalStorage`):
 * a nested `run` joins its caller's unit, and two flows running at once (a background
 * projection and the next writer) each have their own.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  committed = 0;
  rolledBack = 0;
  private readonly scope = new AsyncLocalStorage<Array<() => Promise<void> | void>>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return work();
    const callbacks: Array<() => Promise<void> | void> = [];
    let result: T;
    try {
      result = await this.scope.run(callbacks, work);
    } catch (error) {
      this.rolledBack += 1;
      throw error;
    }
    this.committed += 1;
    for (const callback of callbacks) await callback();
    return result;
  }

  afterCommit(callback: () => Promise<void> | void): void {
    const pending = this.scope.getStore();
    if (!pending) throw new Error('afterCommit called outside a unit of work');
    pending.push(callback);
  }
}
