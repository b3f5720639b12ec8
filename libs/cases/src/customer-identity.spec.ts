import {
  claimDecisionConflict,
  claimTrust,
  identityDecisionRefusal,
  normalizeIdentityValue,
} from './customer-identity';

describe('normalizeIdentityValue', () => {
  it.each([
    ['phone', '(312) 532-2341', '+13125322341'],
    ['phone', '+1 312 532 2341', '+13125322341'],
    ['email', ' Ana@Example.COM ', 'ana@example.com'],
    ['account', 'ac-123456', 'AC-123456'],
    ['order', 'ord-778899', 'ORD-778899'],
    ['crm-id', ' C-1001 ', 'C-1001'],
    ['x', '115887', '115887'],
  ] as const)('%s %s is stored as %s', (kind, value, stored) => {
    expect(normalizeIdentityValue(kind, value)).toBe(stored);
  });

  it.each([
    ['phone', '12'],
    ['email', 'not-an-email'],
    ['account', '   '],
  ] as const)('refuses %s %j', (kind, value) => {
    expect(normalizeIdentityValue(kind, value)).toBeNull();
  });

  it('reads a national number in the given country', () => {
    expect(normalizeIdentityValue('phone', '020 7946 0018', 'GB')).toBe('+442079460018');
  });
});

describe('claimTrust', () => {
  it('a claim is claimed unless the policy auto-confirms its kind of evidence', () => {
    expect(claimTrust('email', { autoConfirm: [] })).toBe('claimed');
    expect(claimTrust('email', { autoConfirm: ['case-number', 'email'] })).toBe('proven');
    expect(claimTrust('phone', { autoConfirm: ['case-number', 'email'] })).toBe('claimed');
  });
});

describe('identityDecisionRefusal', () => {
  it('admins and supervisors decide on any customer', () => {
    expect(identityDecisionRefusal({ role: 'admin', agentId: null }, [])).toBeNull();
    expect(identityDecisionRefusal({ role: 'supervisor', agentId: null }, [])).toBeNull();
  });

  it('an agent only on a customer whose case they hold', () => {
    expect(identityDecisionRefusal({ role: 'agent', agentId: 'a1' }, ['a1'])).toBeNull();
    expect(identityDecisionRefusal({ role: 'agent', agentId: 'a2' }, ['a1'])).toBe(
      'not_case_holder',
    );
    expect(identityDecisionRefusal({ role: 'agent', agentId: null }, ['a1'])).toBe(
      'no_linked_agent',
    );
    expect(identityDecisionRefusal({ role: 'viewer', agentId: null }, [])).toBe('role_not_allowed');
  });
});

describe('claimDecisionConflict', () => {
  it('only a claim can be confirmed or detached', () => {
    expect(claimDecisionConflict({ trust: 'claimed' })).toBeNull();
    expect(claimDecisionConflict({ trust: 'proven' })).toMatch(/already proven/);
  });
});
