import { signZendeskWebhook, verifyZendeskWebhook } from '@scb/crm';

const secret = 'dGhpcyBpcyBhIHNpZ25pbmcgc2VjcmV0';
const now = new Date('2026-11-30T12:00:00Z');
const body = Buffer.from('{"type":"zen:event-type:ticket.status_changed","detail":{"id":"35"}}');
const timestamp = '2026-11-30T11:59:30Z';
const signed = { signature: signZendeskWebhook(secret, timestamp, body), timestamp, body };

describe('Zendesk webhook signature', () => {
  it('matches the documented construction: base64 HMAC-SHA256 over timestamp + body', () => {
    // Computed independently: printf '%s%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    expect(signZendeskWebhook('secret', '2021-01-01T00:00:00Z', Buffer.from('{}'))).toBe(
      'mCfJfOw3eaAHUNbdNKyzMC/4ejuuUcJWZ/Ax4uqw684=',
    );
  });

  it('accepts a call signed with the secret within the tolerance', () => {
    expect(verifyZendeskWebhook(signed, secret, now, 300_000)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, missing headers, a bad or stale timestamp', () => {
    const check = (call: Partial<typeof signed>, key = secret, at = now) =>
      verifyZendeskWebhook({ ...signed, ...call }, key, at, 300_000);
    expect(check({ body: Buffer.from('{"detail":{"id":"36"}}') })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(check({}, 'another-secret')).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signature: 'short' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(check({ timestamp: 'yesterday' })).toEqual({ ok: false, reason: 'bad-timestamp' });
    expect(check({}, secret, new Date('2026-11-30T12:05:31Z'))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(check({}, secret, new Date('2026-11-30T11:54:29Z'))).toEqual({
      ok: false,
      reason: 'stale',
    });
  });
});
