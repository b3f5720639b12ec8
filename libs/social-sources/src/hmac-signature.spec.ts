import { hasValidSha256Signature, signSha256 } from './hmac-signature';

describe('HMAC-SHA256 signatures', () => {
  const body = Buffer.from('{"text":"héllo"}');

  it('matches the documented form sha256=<hex of HMAC(secret, raw body)>', () => {
    // openssl: printf '%s' '{"text":"héllo"}' | openssl dgst -sha256 -hmac s3cret
    expect(signSha256('s3cret', body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hasValidSha256Signature('s3cret', body, signSha256('s3cret', body))).toBe(true);
    expect(hasValidSha256Signature('s3cret', body, signSha256('s3cret', body).toUpperCase())).toBe(
      true,
    );
  });

  it('refuses a missing, truncated, foreign or tampered signature', () => {
    const good = signSha256('s3cret', body);
    expect(hasValidSha256Signature('s3cret', body, undefined)).toBe(false);
    expect(hasValidSha256Signature('s3cret', body, good.slice(0, -1))).toBe(false);
    expect(hasValidSha256Signature('s3cret', body, signSha256('other', body))).toBe(false);
    expect(hasValidSha256Signature('s3cret', Buffer.from('{"text":"hello"}'), good)).toBe(false);
  });
});
