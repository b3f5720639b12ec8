/** The time, injected so cursors, overlap windows and usage checks are testable. */
export interface CrmClock {
  now(): Date;
}

export const systemClock: CrmClock = { now: () => new Date() };
