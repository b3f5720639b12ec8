import { ticketStatus, userToCustomer } from './zendesk-records';

describe('Zendesk records', () => {
  it('merges the user and identity emails case-insensitively and reads social identities', () => {
    const customer = userToCustomer(
      {
        id: 7,
        name: '  Ana Lee ',
        email: 'Ana@Example.com',
        phone: null,
        user_fields: { acct: 12345 },
        updated_at: '2026-03-01T12:00:00Z',
      },
      [
        { user_id: 7, type: 'email', value: 'ana@example.com' },
        { user_id: 7, type: 'twitter', value: '@analee' },
        { user_id: 7, type: 'facebook', value: '100004123456789' },
        { user_id: 7, type: 'google', value: 'ana@gmail.example' },
      ],
      'acct',
    );
    expect(customer).toEqual({
      crmId: '7',
      displayName: 'Ana Lee',
      emails: ['ana@example.com'],
      phones: [],
      handles: [
        { platform: 'x', handle: 'analee', externalUserId: null },
        { platform: 'facebook', handle: null, externalUserId: '100004123456789' },
      ],
      accountNumbers: ['12345'],
      updatedAt: new Date('2026-03-01T12:00:00Z'),
    });
  });

  it.each([
    ['new', 'open'],
    ['open', 'open'],
    ['pending', 'open'],
    ['hold', 'open'],
    ['solved', 'resolved'],
    ['closed', 'resolved'],
  ])('status %s is %s', (status, expected) => {
    expect(ticketStatus(status)).toBe(expected);
  });
});
