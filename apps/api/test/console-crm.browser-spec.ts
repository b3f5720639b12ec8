import { randomBytes } from 'node:crypto';
import {
  axeViolations,
  ConsoleBrowser,
  createTestApp,
  FakeSalesforceServer,
  isolatedEnv,
  screenshot,
  type PageLook,
  type TestApp,
} from '@scb/testing';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';

/**
 * Issue 19 item 6: the CRM connectors admin page in a real chromium against the api (running the
 * sync) on the real Postgres and Redis, and the real jsforce client against the Salesforce
 * stand-in. An admin configures a connector, runs a full sync and watches its progress, pauses
 * and resumes, finds it in the list; the credentials never come back to the page. axe at 1280 px, 800 px and dark.
 */
describe('CRM connectors console page in chromium (real api, sync, Salesforce stand-in)', () => {
  const credentials = {
    clientId: `3MVG9browser.${randomBytes(4).toString('hex')}`,
    clientSecret: `sf-secret-${randomBytes(12).toString('hex')}`,
  };
  // Two records a page and one page a pass: the full sync takes several passes to finish.
  const fake = new FakeSalesforceServer({ ...credentials, pageSize: 2 });
  let salesforceUrl = '';
  let api: TestApp;
  let dataSource: DataSource;
  const chromium = new ConsoleBrowser({ width: 1280, height: 900 });

  const open = (path: string, look: PageLook = {}): Promise<Page> =>
    chromium.open(path, 'admin', look);
  const clean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);
  const openConnector = async (page: Page, name: string) => {
    await page.getByLabel('Connector name').fill(name);
    await page.getByRole('button', { name: 'Open' }).click();
  };
  const noSecretsIn = async (page: Page) => {
    const html = await page.content();
    expect(html).not.toContain(credentials.clientSecret);
    expect(html).not.toContain(credentials.clientId);
    for (const input of await page.locator('input[type=password]').all())
      expect(await input.inputValue()).toBe('');
  };

  beforeAll(async () => {
    salesforceUrl = await fake.start();
    for (let i = 1; i <= 5; i += 1) {
      const contact = fake.insert('Contact', {
        Name: `Browser Customer ${i}`,
        Phone: `+1312555${String(1000 + i)}`,
        Twitter_Handle__c: `@crm_browser_${i}`,
      });
      if (i <= 2) fake.insert('Case', { ContactId: contact, Subject: `Case ${i}`, Status: 'New' });
    }
    api = await createTestApp('api', {
      ...isolatedEnv('consolecrm'),
      CRM_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      CRM_SYNC_INTERVAL_MS: '700',
      CRM_FULL_SYNC_PAGES_PER_PASS: '1',
    });
    dataSource = api.dataSource;
    await chromium.start(api);
  });
  afterAll(async () => {
    await chromium.stop();
    await api?.close();
    await fake.stop();
  });
  afterEach(() => chromium.closePages());

  it('an admin configures a Salesforce connector, runs a full sync with progress, pauses and resumes; credentials never shown back', async () => {
    const page = await open('/admin');
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'CRM connectors' })
      .click();
    await openConnector(page, 'salesforce-main');
    await page.getByTestId('connector-missing').waitFor();
    await clean(page);

    // A new connector: settings as JSON, credentials in write-only fields.
    await page.getByLabel('Kind').selectOption('salesforce');
    await page.getByLabel('Settings (JSON, without credentials)').fill(
      JSON.stringify({
        loginUrl: salesforceUrl,
        apiVersion: '62.0',
        caseExternalIdField: 'SCB_External_Id__c',
        handleFields: [{ platform: 'x', field: 'Twitter_Handle__c' }],
        pageSize: 2,
      }),
    );
    // Half the credentials: the API names what is missing, next to nothing saved.
    await page.getByLabel('Consumer key').fill(credentials.clientId);
    await page.getByRole('button', { name: 'Save connector' }).click();
    await page
      .getByTestId('connector-errors')
      .getByText(/credentials\.clientSecret/)
      .waitFor();
    expect(
      await dataSource.query(`SELECT 1 FROM crm_connectors WHERE name = 'salesforce-main'`),
    ).toEqual([]);

    await page.getByLabel('Consumer secret').fill(credentials.clientSecret);
    await page.getByRole('button', { name: 'Save connector' }).click();
    await page.getByTestId('connector-state').getByText('running').waitFor();
    await page.getByTestId('credentials-set').waitFor();
    await noSecretsIn(page);

    // Full sync: the progress bar while it runs, then the counts it imported.
    await page.getByRole('button', { name: 'Full sync' }).click();
    await page.getByRole('progressbar', { name: 'Full sync under way' }).waitFor();
    await page
      .getByText(/customers phase, [1-9]\d* pages|cases phase/)
      .waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Full sync: done' }).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('full-sync-progress').textContent()).resolves.toMatch(
      /5 customers, 2 cases/,
    );
    expect(await page.getByRole('progressbar').count()).toBe(0);
    const [{ n }] = await dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM customers WHERE crm_id IS NOT NULL`,
    );
    expect(Number(n)).toBe(5);
    await expect(page.getByTestId('connector-last-error').textContent()).resolves.toBe('none');
    await clean(page);
    await screenshot(page, 'console-crm-connectors');

    // Pause, then resume; each change is audited.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('connector-state').getByText('paused').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('connector-state').getByText('running').waitFor();
    const audited = await dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_log WHERE entity = 'crm_connector'`,
    );
    expect(audited.map((a) => a.action).sort()).toEqual(['create', 'full-sync', 'pause', 'resume']);

    // Opened again in a fresh page: still only "set", never the values.
    const again = await open('/admin/crm-connectors');
    const listed = again.getByTestId('connector-list');
    await listed.getByRole('row', { name: /salesforce-main.*Salesforce.*running.*done/ }).waitFor();
    await listed.getByRole('button', { name: 'Show salesforce-main' }).click();
    await again.getByTestId('credentials-set').waitFor();
    await again.getByTestId('count-casesLinked').waitFor();
    await noSecretsIn(again);
    // The API's own answer carries no credential value either.
    const body = await again.evaluate(async () =>
      (await fetch('/v1/admin/crm-connectors/salesforce-main')).text(),
    );
    expect(body).not.toContain(credentials.clientSecret);
    expect(JSON.parse(body)).toMatchObject({ credentials: 'set', state: 'running' });
  });

  it('is usable at 800 px and in dark mode, axe clean', async () => {
    for (const options of [{ width: 800 }, { width: 800, dark: true }]) {
      const page = await open('/admin/crm-connectors', options);
      await openConnector(page, 'salesforce-main');
      await page.getByTestId('connector-status').waitFor();
      await page.getByTestId('connector-form').waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
      await clean(page);
    }
  });
});
