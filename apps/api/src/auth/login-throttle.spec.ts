import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 1_000_000;
  const throttle = () =>
    new LoginThrottle({ perEmail: 3, perAddress: 5, windowMs: 60_000 }, () => now);

  it('refuses an email after its failures reach the limit, until the oldest leaves the window', () => {
    const t = throttle();
    for (let i = 0; i < 3; i += 1) {
      expect(t.retryAfterSeconds('Ana@x.io', '10.0.0.1')).toBe(0);
      t.failed('ana@x.io', '10.0.0.1');
      now += 1_000;
    }
    expect(t.retryAfterSeconds('ana@X.io', '10.0.0.2')).toBe(57);
    expect(t.retryAfterSeconds('bo@x.io', '10.0.0.2')).toBe(0);
    now += 57_000;
    expect(t.retryAfterSeconds('ana@x.io', '10.0.0.2')).toBe(0);
  });

  it('refuses an address trying many emails', () => {
    const t = throttle();
    for (let i = 0; i < 5; i += 1) t.failed(`user${i}@x.io`, '10.0.0.9');
    expect(t.retryAfterSeconds('someone@x.io', '10.0.0.9')).toBeGreaterThan(0);
    expect(t.retryAfterSeconds('someone@x.io', '10.0.0.8')).toBe(0);
  });

  it('forgets an email’s failures when it signs in', () => {
    const t = throttle();
    for (let i = 0; i < 2; i += 1) t.failed('ana@x.io', '10.0.0.1');
    t.succeeded('ana@x.io');
    t.failed('ana@x.io', '10.0.0.1');
    t.failed('ana@x.io', '10.0.0.1');
    expect(t.retryAfterSeconds('ana@x.io', '10.0.0.3')).toBe(0);
  });
});
