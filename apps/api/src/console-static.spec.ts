import { isConsoleRoute } from './console-static';

describe('console SPA fallback', () => {
  it.each([
    '/',
    '/agent',
    '/admin',
    '/admin/users',
    '/cases/CS-000292',
    '/cases/5a1e9a52-7b2c-4f57-8f43-2a9f3c1f0d11',
    '/login',
  ])('serves the console for %s', (path) => {
    expect(isConsoleRoute(path)).toBe(true);
  });

  it.each([
    '/v1',
    '/v1/cases',
    '/v1/live',
    '/health',
    '/livez',
    '/readyz',
    '/metrics',
    '/metrics/',
    '/docs',
    '/docs/',
    '/docs-json',
    '/docs/swagger-ui.css',
    // Not console pages either: a typo or a mis-aimed probe gets the API's 404, not index.html.
    '/dashboard',
    '/v1x',
    '/metricsboard',
    '/healthz',
  ])('never answers %s with the console', (path) => {
    expect(isConsoleRoute(path)).toBe(false);
  });
});
