import { passwordWeakness } from './password-strength';

describe('passwordWeakness', () => {
  it('refuses short, repeated, common and keyboard-walk passwords', () => {
    for (const weak of [
      'aaaaaaaaaaaa',
      'password1234',
      'Password123!',
      'qwertyuiop12',
      '123456789012',
      'iloveyou1234',
      'abcdefghijkl',
    ])
      expect({ weak, why: passwordWeakness(weak) }).toEqual({ weak, why: expect.any(String) });
    expect(passwordWeakness('short')).toMatch(/at least 12 characters/);
  });

  it('refuses the account’s email, its name part or display name, and close variants', () => {
    const account = ['ana.lopez@example.com', 'Ana Lopez'];
    expect(passwordWeakness('ana.lopez@example.com', account)).toMatch(/email or name/);
    expect(passwordWeakness('ANA.LOPEZ@EXAMPLE.COM', account)).toMatch(/email or name/);
    expect(passwordWeakness('ana.lopez@example.com1', account)).toMatch(/too easy/);
    expect(passwordWeakness('ana.lopez1234', account)).toMatch(/too easy/);
  });

  it('accepts long phrases of unrelated words, without echoing any password', () => {
    for (const strong of ['correct horse battery', 'demo-admin-password', 'boss password 123'])
      expect(passwordWeakness(strong, ['ana@example.com'])).toBeNull();
    expect(passwordWeakness('aaaaaaaaaaaa')).not.toContain('aaaa');
  });
});
