import { checkRequestOrigin, normalizeOrigin } from './request-origin';

describe('checkRequestOrigin', () => {
  const own = 'http://127.0.0.1:3000';
  const facts = (more: Partial<Parameters<typeof checkRequestOrigin>[0]>) => ({
    ownOrigin: own,
    trustedOrigins: ['https://care.example.com'],
    cookieSession: true,
    ...more,
  });

  it('trusts the browser’s Sec-Fetch-Site first: same-origin (and user-typed) only', () => {
    expect(checkRequestOrigin(facts({ secFetchSite: 'same-origin' }))).toEqual({ ok: true });
    expect(checkRequestOrigin(facts({ secFetchSite: 'none' }))).toEqual({ ok: true });
    for (const site of ['same-site', 'cross-site', 'Cross-Site', 'junk'])
      expect(checkRequestOrigin(facts({ secFetchSite: site, origin: own }))).toMatchObject({
        ok: false,
        reason: 'cross_origin_request',
      });
  });

  it('compares Origin with the api’s own and the trusted origins, default ports and case ignored', () => {
    expect(checkRequestOrigin(facts({ origin: 'HTTP://127.0.0.1:3000' }))).toEqual({ ok: true });
    expect(
      checkRequestOrigin(facts({ origin: 'https://care.example.com:443', ownOrigin: own })),
    ).toEqual({ ok: true });
    for (const origin of ['http://127.0.0.1:3001', 'http://sub.127.0.0.1:3000', 'null', 'x'])
      expect(checkRequestOrigin(facts({ origin }))).toMatchObject({
        ok: false,
        reason: 'cross_origin_request',
      });
  });

  it('asks a cookie request to name its origin; a credential-less script (login) needs none', () => {
    expect(checkRequestOrigin(facts({}))).toMatchObject({ ok: false, reason: 'origin_required' });
    expect(checkRequestOrigin(facts({ cookieSession: false }))).toEqual({ ok: true });
    expect(
      checkRequestOrigin(facts({ cookieSession: false, origin: 'http://evil' })),
    ).toMatchObject({ ok: false });
  });

  it('never makes two junk origins equal', () => {
    expect(normalizeOrigin('null')).not.toBe(normalizeOrigin('http://127.0.0.1:3000'));
    expect(normalizeOrigin('https://A.example:443')).toBe('https://a.example');
  });
});
