import { randomBytes } from 'node:crypto';
import { CredentialCipher, parseCredentialsKey } from './credential.cipher';

describe('CredentialCipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const cipher = new CredentialCipher(key);

  it('round-trips a secret without it appearing in the stored value', () => {
    const stored = cipher.encrypt('sf', '{"clientSecret":"s3cr3t-value"}');
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('s3cr3t');
    expect(cipher.decrypt('sf', stored)).toBe('{"clientSecret":"s3cr3t-value"}');
    expect(cipher.encrypt('sf', 'same')).not.toBe(cipher.encrypt('sf', 'same'));
  });

  it('refuses another connector, another key and a tampered value, naming neither secret nor key', () => {
    const stored = cipher.encrypt('sf', 'secret');
    expect(() => cipher.decrypt('zd', stored)).toThrow('credentials of zd do not decrypt');
    expect(() => new CredentialCipher(randomBytes(32)).decrypt('sf', stored)).toThrow(
      /do not decrypt/,
    );
    const parts = stored.split('.');
    parts[3] = Buffer.from('other').toString('base64');
    expect(() => cipher.decrypt('sf', parts.join('.'))).toThrow(/do not decrypt/);
  });

  it('checks the key at start-up: 32 bytes of base64', () => {
    expect(parseCredentialsKey(key.toString('base64'))).toEqual(key);
    expect(() => parseCredentialsKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseCredentialsKey('not base64 at all!')).toThrow(/32 bytes/);
  });
});
