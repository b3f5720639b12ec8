export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const KAFKA = Symbol('KAFKA');
/** The `Clock` (`@scb/core`) every use case and service reads time from. */
export const CLOCK = Symbol('CLOCK');
/** The `UnitOfWork` (`@scb/core`) use cases run in: the process's `Database`. */
export const UNIT_OF_WORK = Symbol('UNIT_OF_WORK');
