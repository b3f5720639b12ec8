import { InMemoryLoginThrottle, throttleKeys } from './login-throttle';

describe('InMemoryLoginThrottle (the fake of the Redis throttle, same rules)', () => {
  let now = 1_000_000;
  const throttle = () =>
    new InMemoryLoginThrottle(
      { perPair: 3, perEmail: 5, perAddress: 4, windowMs: 60_000 },
      () => now,
    );

  it('counts an attempt before it is evaluated and refuses the pair at its limit until the window ends', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i += 1) {
      expect(await t.reserve('Ana@x.io', '10.0.0.1')).toBe(0);
      now += 1_000;
    }
    expect(await t.reserve('ana@X.io', '10.0.0.1')).toBe(57);
    // The owner elsewhere is not locked out by one attacking address.
    expect(await t.reserve('ana@x.io', '10.0.0.2')).toBe(0);
    now += 57_000;
    expect(await t.reserve('ana@x.io', '10.0.0.1')).toBe(0);
  });

  it('refuses an email guessed from many addresses, and an address trying many emails', async () => {
    const t = throttle();
    for (let i = 0; i < 5; i += 1) expect(await t.reserve('bo@x.io', `10.1.0.${i}`)).toBe(0);
    expect(await t.reserve('bo@x.io', '10.1.0.99')).toBeGreaterThan(0);
    for (let i = 0; i < 4; i += 1) expect(await t.reserve(`u${i}@x.io`, '10.2.0.1')).toBe(0);
    expect(await t.reserve('someone@x.io', '10.2.0.1')).toBeGreaterThan(0);
    expect(await t.reserve('someone@x.io', '10.2.0.2')).toBe(0);
  });

  it('forgets the email’s failures on a right password and gives the address its attempt back', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i += 1) await t.reserve('cy@x.io', '10.3.0.1');
    // The pair is at its limit (3); the third attempt was right: the pair starts again.
    await t.succeeded('cy@x.io', '10.3.0.1');
    expect(await t.reserve('cy@x.io', '10.3.0.1')).toBe(0);
    // Address: 3 counted − 1 given back + 1 = 3, under its limit 4: one more attempt, then refused.
    expect(await t.reserve('dee@x.io', '10.3.0.1')).toBe(0);
    expect(await t.reserve('eve@x.io', '10.3.0.1')).toBeGreaterThan(0);
  });

  it('keys emails by digest (no personal data in the counter store), whatever their case', () => {
    const [pair, email, address] = throttleKeys('Ana@X.io ', '10.0.0.1');
    expect(`${pair}${email}`).not.toMatch(/ana/i);
    expect(throttleKeys('ana@x.io', '10.0.0.1')).toEqual([pair, email, address]);
    expect(address).toBe('addr:10.0.0.1');
  });
});
