import type { Principal } from '@scb/auth';
import { CredentialCache } from './credential-cache';

const key: Principal = {
  kind: 'api_key',
  id: 'k-1',
  name: 'phone',
  role: 'integration',
  agentId: null,
};

describe('CredentialCache', () => {
  it('remembers a principal for ttlMs after the lookup, not a moment longer', () => {
    const cache = new CredentialCache(5_000);
    cache.set('d', key, 1_000);
    expect(cache.get('d', 1_000)).toBe(key);
    expect(cache.get('d', 5_999)).toBe(key);
    expect(cache.get('d', 6_000)).toBeUndefined();
    // Forgotten for good once past the bound.
    expect(cache.get('d', 1_000)).toBeUndefined();
  });

  it("never past a session's own expiry", () => {
    const cache = new CredentialCache(5_000);
    cache.set('s', { ...key, kind: 'user' }, 1_000, 2_500);
    expect(cache.get('s', 2_499)).toBeDefined();
    expect(cache.get('s', 2_500)).toBeUndefined();
  });

  it('forgets one credential or all of them', () => {
    const cache = new CredentialCache(5_000);
    cache.set('a', key, 0);
    cache.set('b', key, 0);
    cache.forget('a');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe(key);
    cache.clear();
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('keeps nothing with ttlMs 0, and at most maxEntries (the oldest lookup goes first)', () => {
    const off = new CredentialCache(0);
    off.set('a', key, 0);
    expect(off.get('a', 0)).toBeUndefined();

    const small = new CredentialCache(5_000, 2);
    small.set('a', key, 0);
    small.set('b', key, 0);
    small.set('a', key, 1); // looked up again: now the newest
    small.set('c', key, 2);
    expect(small.get('b', 3)).toBeUndefined();
    expect(small.get('a', 3)).toBe(key);
    expect(small.get('c', 3)).toBe(key);
  });
});
