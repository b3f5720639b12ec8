import { ConfigError, loadConfig } from '@scb/config';
import { ApiConfigSchema } from './api.config';

describe('api configuration of authentication', () => {
  const load = (env: Record<string, string>) => loadConfig(ApiConfigSchema, env);

  it('has an 8-hour session and a cookie not marked Secure unless told', () => {
    expect(load({})).toMatchObject({
      SESSION_TTL_S: 28_800,
      AUTH_COOKIE_SECURE: false,
      TRUST_PROXY: false,
    });
    expect(load({ AUTH_COOKIE_SECURE: 'true' }).AUTH_COOKIE_SECURE).toBe(true);
  });

  it('refuses a bootstrap admin password shorter than 12 characters, or half a bootstrap admin', () => {
    expect(() =>
      load({ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co', BOOTSTRAP_ADMIN_PASSWORD: 'elevenchars' }),
    ).toThrow(ConfigError);
    expect(() => load({ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
    expect(() =>
      load({ BOOTSTRAP_ADMIN_EMAIL: 'not-an-email', BOOTSTRAP_ADMIN_PASSWORD: 'twelve chars' }),
    ).toThrow(/BOOTSTRAP_ADMIN_EMAIL/);
    expect(
      load({ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co', BOOTSTRAP_ADMIN_PASSWORD: 'twelve chars' }),
    ).toMatchObject({ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co' });
  });

  it('refuses a weak bootstrap admin password: common, repeated or the email itself (#14.13)', () => {
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'admin@demo.local', 'admin@demo.local1'])
      expect(() =>
        load({ BOOTSTRAP_ADMIN_EMAIL: 'admin@demo.local', BOOTSTRAP_ADMIN_PASSWORD: weak }),
      ).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
    expect(
      load({
        BOOTSTRAP_ADMIN_EMAIL: 'admin@demo.local',
        BOOTSTRAP_ADMIN_PASSWORD: 'demo-admin-password',
      }),
    ).toMatchObject({ BOOTSTRAP_ADMIN_EMAIL: 'admin@demo.local' });
  });
});
