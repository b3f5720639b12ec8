import { planSearch } from './search-query';

describe('planSearch', () => {
  it.each([
    ['cs-000123', { caseNumber: 'CS-000123' }, 'caseNumber'],
    [' Maria.Lopez@example.com ', { email: 'Maria.Lopez@example.com' }, 'email'],
    ['@MariaL', { handle: '@MariaL' }, 'handle'],
    ['(312) 532-2341', { phone: '(312) 532-2341' }, 'phone'],
    ['+1 312.532.2341', { phone: '+1 312.532.2341' }, 'phone'],
    ['12345', { q: '12345' }, 'text'],
    ['refund "double charge"', { q: 'refund "double charge"' }, 'text'],
    ['', {}, 'text'],
  ])('reads %j as %j', (input, cases, reading) => {
    expect(planSearch(input)).toEqual({ text: input.trim(), cases, reading });
  });
});
