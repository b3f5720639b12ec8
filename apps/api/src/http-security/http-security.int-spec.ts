import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { appUrl, countRows, isolatedEnv, seedApiKey, createTestApp } from '@scb/testing';
import { startApi } from '../api.app';
import { ApiConfigSchema } from '../api.config';

/**
 * Issue #14 points 2 (CSRF), 6 (security headers) and 13 (bind address), against the running
 * api on the real Postgres and Redis.
 */
describe('HTTP hardening of the api (real Postgres)', () => {
  const env = isolatedEnv('httpsec');
  const admin = { email: 'root@example.com', password: 'correct horse battery' };
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let session: string;

  const raw = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init);
  const userCount = () => countRows(dataSource, 'SELECT * FROM users');
  const newUser = (email: string) =>
    JSON.stringify({
      email,
      displayName: 'Mallory',
      role: 'admin',
      password: 'chosen by the attacker 1',
    });
  const asCookie = (headers: Record<string, string> = {}): Record<string, string> => ({
    cookie: `scb_session=${session}`,
    ...headers,
  });

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    });
    ({ app, dataSource, baseUrl: base, close } = testApp);
    const login = await raw('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    session = ((await login.json()) as { token: string }).token;
  });
  afterAll(() => close());

  describe('CSRF (#14.2)', () => {
    it('refuses urlencoded, multipart and text bodies on state-changing routes with 415, whatever the origin', async () => {
      const before = await userCount();
      const form = new URLSearchParams({
        email: 'mallory@example.com',
        displayName: 'Mallory',
        role: 'admin',
        password: 'chosen by the attacker 1',
        'agentId[x]': 'nested',
      });
      const multipart = new FormData();
      multipart.set('email', 'mallory2@example.com');
      const bodies: Array<[string | undefined, string | FormData]> = [
        ['application/x-www-form-urlencoded', form.toString()],
        [undefined, multipart],
        ['text/plain', newUser('mallory3@example.com')],
      ];
      for (const [type, body] of bodies) {
        const headers = asCookie({ origin: base });
        if (type) headers['content-type'] = type;
        const response = await raw('/v1/admin/users', { method: 'POST', headers, body });
        expect(response.status).toBe(415);
        expect(await response.json()).toMatchObject({ reason: 'unsupported_media_type' });
      }
      // A key-carrying client too: the routes speak JSON (and declared types) only.
      const key = await seedApiKey(dataSource, 'admin', 'crm-form');
      const byKey = await raw('/v1/admin/users', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
        body: newUser('mallory4@example.com'),
      });
      expect(byKey.status).toBe(415);
      // CSV is declared by the CRM import only.
      const csv = await raw('/v1/agents', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: 'name\nx',
      });
      expect(csv.status).toBe(415);
      expect(await userCount()).toBe(before);
    });

    it('refuses a cookie request from another origin of the same site (other port, sibling subdomain) or naming none', async () => {
      const before = await userCount();
      const other = base.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`);
      const attempts: Array<[Record<string, string>, string]> = [
        [{ origin: other }, 'cross_origin_request'],
        [{ origin: 'http://evil.127.0.0.1.nip.io' }, 'cross_origin_request'],
        [{ origin: 'null' }, 'cross_origin_request'],
        [{ 'sec-fetch-site': 'same-site', origin: base }, 'cross_origin_request'],
        [{ 'sec-fetch-site': 'cross-site' }, 'cross_origin_request'],
        [{}, 'origin_required'],
      ];
      for (const [headers, reason] of attempts) {
        const response = await raw('/v1/admin/users', {
          method: 'POST',
          headers: asCookie({ 'content-type': 'application/json', ...headers }),
          body: newUser('mallory@example.com'),
        });
        expect({ headers, status: response.status }).toEqual({ headers, status: 403 });
        expect(await response.json()).toMatchObject({ reason });
      }
      // Bodiless state changes too (logout, accept, next ...).
      const logout = await raw('/v1/auth/logout', {
        method: 'POST',
        headers: asCookie({ origin: other }),
      });
      expect(logout.status).toBe(403);
      expect(await userCount()).toBe(before);
      expect((await raw('/v1/auth/me', { headers: asCookie() })).status).toBe(200);
    });

    it('lets the console (same origin, by Sec-Fetch-Site or Origin) and key or bearer clients without Origin through', async () => {
      const bySite = await raw('/v1/admin/users', {
        method: 'POST',
        headers: asCookie({ 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }),
        body: newUser('ana@example.com'),
      });
      expect(bySite.status).toBe(201);
      const byOrigin = await raw('/v1/admin/users', {
        method: 'POST',
        headers: asCookie({ 'content-type': 'application/json; charset=utf-8', origin: base }),
        body: newUser('bo@example.com'),
      });
      expect(byOrigin.status).toBe(201);
      const key = await seedApiKey(dataSource, 'admin', 'phone-system');
      const keyHeaders: Array<Record<string, string>> = [
        { authorization: `Bearer ${key}` },
        { 'x-api-key': key },
      ];
      for (const headers of keyHeaders) {
        const response = await raw('/v1/admin/users', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: newUser(`key-${Object.keys(headers)[0]}@example.com`),
        });
        expect(response.status).toBe(201);
      }
    });

    it('refuses a cross-origin or form login (login CSRF) and keeps scripts signing in without Origin', async () => {
      const other = 'http://127.0.0.1:1';
      const json = { 'content-type': 'application/json' };
      const body = JSON.stringify(admin);
      const crossOrigin = await raw('/v1/auth/login', {
        method: 'POST',
        headers: { ...json, origin: other },
        body,
      });
      expect(crossOrigin.status).toBe(403);
      expect(crossOrigin.headers.get('set-cookie')).toBeNull();
      const crossSite = await raw('/v1/auth/login', {
        method: 'POST',
        headers: { ...json, 'sec-fetch-site': 'cross-site' },
        body,
      });
      expect(crossSite.status).toBe(403);
      const form = await raw('/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: new URLSearchParams(admin).toString(),
      });
      expect(form.status).toBe(415);
      const console = await raw('/v1/auth/login', {
        method: 'POST',
        headers: { ...json, origin: base, 'sec-fetch-site': 'same-origin' },
        body,
      });
      expect(console.status).toBe(200);
      const script = await raw('/v1/auth/login', { method: 'POST', headers: json, body });
      expect(script.status).toBe(200);
    });
  });

  describe('security headers (#14.6)', () => {
    it('sends a CSP fit for the console, no framing, nosniff, no X-Powered-By and no HSTS by default', async () => {
      for (const path of ['/health', '/v1/cases', '/', '/admin']) {
        const response = await raw(path, { headers: { accept: 'text/html' } });
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("connect-src 'self'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('strict-transport-security')).toBeNull();
      }
      // Swagger UI's page has inline style blocks: allowed there, and there only.
      const docs = await raw('/docs');
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-security-policy')).toMatch(
        /style-src 'self' 'unsafe-inline'/,
      );
      expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    });

    it('marks every response that carries a token (and every API answer) no-store', async () => {
      const login = await raw('/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admin),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('cache-control')).toBe('no-store');
      const token = ((await login.json()) as { token: string }).token;
      const key = await raw('/v1/admin/api-keys', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'crm', role: 'integration' }),
      });
      expect(key.status).toBe(201);
      expect(key.headers.get('cache-control')).toBe('no-store');
      const me = await raw('/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
      expect(me.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('bind address, HSTS and trusted origins from the configuration (#14.13, #14.6)', () => {
    it('listens on HOST, sends HSTS when HSTS_MAX_AGE_S is set and accepts TRUSTED_ORIGINS', async () => {
      expect(((app.getHttpServer() as Server).address() as AddressInfo).address).toBe('0.0.0.0');
      const second = await startApi(
        loadConfig(ApiConfigSchema, {
          ...process.env,
          ...env,
          PORT: '0',
          HOST: '127.0.0.1',
          HSTS_MAX_AGE_S: '31536000',
          TRUSTED_ORIGINS: 'https://care.example.com, https://console.example.com',
        }),
      );
      try {
        expect(((second.getHttpServer() as Server).address() as AddressInfo).address).toBe(
          '127.0.0.1',
        );
        const url = await appUrl(second);
        const health = await fetch(`${url}/health`);
        expect(health.headers.get('strict-transport-security')).toBe(
          'max-age=31536000; includeSubDomains',
        );
        const proxied = await fetch(`${url}/v1/auth/logout`, {
          method: 'POST',
          headers: { cookie: `scb_session=${session}`, origin: 'https://care.example.com' },
        });
        expect(proxied.status).toBe(204);
      } finally {
        await second.close();
      }
      expect(() => loadConfig(ApiConfigSchema, { ...process.env, HOST: 'not a host!' })).toThrow(
        /HOST/,
      );
      expect(() =>
        loadConfig(ApiConfigSchema, { ...process.env, TRUSTED_ORIGINS: 'ftp://x' }),
      ).toThrow(/TRUSTED_ORIGINS/);
    });
  });

  describe('password strength (#14.13)', () => {
    it('refuses weak passwords on user create and password change, naming the field', async () => {
      const key = await seedApiKey(dataSource, 'admin', 'user-admin');
      const call = (method: string, path: string, body: unknown) =>
        fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const before = await userCount();
      for (const password of [
        'aaaaaaaaaaaa',
        'password1234',
        'dee.strong@example.com',
        'Dee Strong 12',
      ]) {
        const response = await call('POST', '/v1/admin/users', {
          email: 'dee.strong@example.com',
          displayName: 'Dee Strong',
          role: 'viewer',
          password,
        });
        expect({ password, status: response.status }).toEqual({ password, status: 400 });
        const body = (await response.json()) as {
          errors: Array<{ path: string; message: string }>;
        };
        expect(body.errors).toEqual([{ path: 'password', message: expect.any(String) }]);
        expect(JSON.stringify(body)).not.toContain(password);
      }
      expect(await userCount()).toBe(before);
      const created = await call('POST', '/v1/admin/users', {
        email: 'dee.strong@example.com',
        displayName: 'Dee Strong',
        role: 'viewer',
        password: 'violet kettle under moss',
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const weakChange = await call('PATCH', `/v1/admin/users/${id}`, {
        password: 'dee.strong@example.com',
      });
      expect(weakChange.status).toBe(400);
      const strongChange = await call('PATCH', `/v1/admin/users/${id}`, {
        password: 'granite lantern of april',
      });
      expect(strongChange.status).toBe(200);
    });
  });
});
