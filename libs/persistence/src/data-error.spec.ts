import { isDataError } from './data-error';

describe('isDataError', () => {
  it('treats refused data and our own bugs as poison', () => {
    expect(isDataError({ code: '22021', message: 'invalid byte sequence' })).toBe(true);
    expect(isDataError({ driverError: { code: '23505' }, message: 'duplicate key' })).toBe(true);
    expect(isDataError(new TypeError('cannot read properties of undefined'))).toBe(true);
  });

  it('treats connection, shutdown and concurrency failures as transient', () => {
    expect(isDataError({ code: '40P01', message: 'deadlock detected' })).toBe(false);
    expect(isDataError({ code: '57P01', message: 'terminating connection' })).toBe(false);
    expect(isDataError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe(false);
    expect(isDataError(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
