/**
 * The time source of every use case and service: inject it wherever time matters, so tests can
 * hold time still or move it on (see `ManualClock` in `@scb/testing`) instead of sleeping.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => new Date() };
