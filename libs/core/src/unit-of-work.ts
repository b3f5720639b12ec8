/**
 * A unit of work: everything `work` writes through repositories commits together or not at all.
 *
 * Use cases own their unit of work; repositories only read and write, and join the unit of work
 * that is current when they are called (they never take a transaction handle). Calls nest: an
 * inner `run` joins the outer one. Callbacks given to `afterCommit` run once the outermost unit
 * commits (never if it rolls back), so a use case can publish what it wrote only once it is
 * durable (write-then-publish; the outbox remains the guaranteed path).
 */
export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. Resolves to its result after commit; rejects with its error
   * after rollback.
   */
  run<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Registers `callback` to run after the current unit of work commits, in registration order.
   * A failing callback makes `run` reject although the commit has happened, so callbacks must be
   * idempotent (they are retried with the whole unit by an at-least-once caller).
   * @throws Error when called outside a unit of work.
   */
  afterCommit(callback: () => Promise<void> | void): void;
}
