import {
  hasValidSha256Signature,
  signSha256,
  timestampedSignatureHeaders,
  verifyTimestamped,
} from './hmac-signature';

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

describe('timestamped signatures (the generic webhook)', () => {
  const secret = 'a-webhook-secret-of-some-length';
  const body = Buffer.from('{"platform":"other"}');
  const at = 1_764_000_000;

  it('accepts its own headers within the tolerance, either way', () => {
    const headers = timestampedSignatureHeaders(secret, body, at * 1000);
    for (const drift of [-299, 0, 299])
      expect(
        verifyTimestamped(
          secret,
          body,
          headers['x-scb-signature'],
          headers['x-scb-timestamp'],
          (at + drift) * 1000,
          300,
        ),
      ).toEqual({ ok: true });
  });

  it('refuses a replay after the tolerance, a moved timestamp, a body-only signature', () => {
    const headers = timestampedSignatureHeaders(secret, body, at * 1000);
    const check = (signature: string | undefined, timestamp: string | undefined, now = at) =>
      verifyTimestamped(secret, body, signature, timestamp, now * 1000, 300);
    expect(check(headers['x-scb-signature'], String(at), at + 301)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(check(headers['x-scb-signature'], String(at + 301), at + 301)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(check(signSha256(secret, body), String(at))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(check(headers['x-scb-signature'], undefined)).toEqual({
      ok: false,
      reason: 'bad-timestamp',
    });
    expect(check(headers['x-scb-signature'], '1.7e9')).toEqual({
      ok: false,
      reason: 'bad-timestamp',
    });
    expect(check(undefined, String(at))).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
