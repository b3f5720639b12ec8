import { digestSecret, isApiKey, newApiKey, newSessionToken } from './secret-token';

describe('API keys and session tokens', () => {
  it('issues 256-bit secrets told apart by prefix, stored only as their SHA-256 digest', () => {
    const key = newApiKey();
    const session = newSessionToken();
    expect(key.secret).toMatch(/^scb_[\w-]{43}$/);
    expect(session.secret).toMatch(/^scbs_[\w-]{43}$/);
    expect(isApiKey(key.secret)).toBe(true);
    expect(isApiKey(session.secret)).toBe(false);
    expect(key.digest).toBe(digestSecret(key.secret));
    expect(key.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(newApiKey().secret).not.toBe(key.secret);
  });
});
