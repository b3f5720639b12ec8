import type { UnitOfWork } from '@scb/core';

/**
 * A unit of work for unit tests of use cases with in-memory repositories: runs the work inline,
 * counts units and commits, and runs after-commit callbacks only when the work succeeded (a
 * rejected unit counts as rolled back; in-memory fakes that need real rollback snapshot
 * themselves).
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  committed = 0;
  rolledBack = 0;
  private pending: Array<() => Promise<void> | void> | null = null;

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.pending) return work();
    const callbacks: Array<() => Promise<void> | void> = [];
    this.pending = callbacks;
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.rolledBack += 1;
      throw error;
    } finally {
      this.pending = null;
    }
    this.committed += 1;
    for (const callback of callbacks) await callback();
    return result;
  }

  afterCommit(callback: () => Promise<void> | void): void {
    if (!this.pending) throw new Error('afterCommit called outside a unit of work');
    this.pending.push(callback);
  }
}
