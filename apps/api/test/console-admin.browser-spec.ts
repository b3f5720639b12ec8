import type { Role } from '@scb/auth';
import {
  axeViolations,
  ConsoleBrowser,
  createTestApp,
  isolatedEnv,
  screenshot,
  waitFor,
  type TestApp,
} from '@scb/testing';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';

/**
 * The admin pages in a real chromium against the api on the real Postgres and Redis: rules built
 * with the condition builder and rolled back, agents, users and roles, API keys shown once, the
 * audit log's before/after, and a CRM import with its per-row errors. axe on every page.
 */
describe('admin console pages in chromium (real api, Postgres, Redis)', () => {
  let api: TestApp;
  let dataSource: DataSource;
  let base: string;
  const chromium = new ConsoleBrowser({ width: 1280, height: 900 });

  const open = (path: string, role: Role, width = 1280): Promise<Page> =>
    chromium.open(path, role, { width });
  const clean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);

  beforeAll(async () => {
    api = await createTestApp('api', isolatedEnv('consoleadmin'));
    ({ dataSource, baseUrl: base } = api);
    await chromium.start({ baseUrl: base, dataSource });
  });
  afterAll(async () => {
    await chromium.stop();
    await api?.close();
  });
  afterEach(() => chromium.closePages());

  it('an admin builds a rule with the condition builder, dry-runs it, enables it, changes it and rolls back', async () => {
    const page = await open('/admin', 'admin');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('input[name=rule-0-id]').fill('ignore-chatter');
    const builder = page.getByTestId('rule-0-builder');
    await builder.locator('input[name=rule-0-value-0]').fill('premium, family plan');
    await builder.getByRole('button', { name: 'Add condition' }).click();
    await builder.locator('select[name=rule-0-field-1]').selectOption('isReply');
    await builder.locator('select[name=rule-0-value-1]').selectOption('false');
    await builder.locator('select[name=rule-0-combinator]').selectOption('any');
    // The raw JSON (the advanced view) is what the builder wrote.
    expect(JSON.parse(await page.locator('textarea[name=rule-0-when]').inputValue())).toEqual({
      type: 'any',
      conditions: [
        { type: 'textContainsAny', values: ['premium', 'family plan'] },
        { type: 'isReply', value: false },
      ],
    });
    await page.locator('input[name=rule-0-ignore]').check();
    await clean(page);
    await page.getByRole('button', { name: 'Dry-run on recent mentions' }).click();
    await page.getByTestId('dry-run').waitFor();
    await page.getByRole('button', { name: 'Enable (save as new version)' }).click();
    await page.getByTestId('rules-status').getByText('Enabled as version 1').waitFor();

    // A nested condition is edited as JSON; the builder says so instead of hiding its shape.
    const nested = { type: 'not', condition: { type: 'textContainsAny', values: ['premium'] } };
    await page.locator('textarea[name=rule-0-when]').fill(JSON.stringify(nested));
    await page.getByTestId('rule-0-builder-off').waitFor();
    await page.getByRole('button', { name: 'Enable (save as new version)' }).click();
    await page.getByTestId('rules-status').getByText('Enabled as version 2').waitFor();

    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Rule history' })
      .click();
    const versions = page.getByTestId('rule-version');
    await versions.nth(1).waitFor();
    expect(await versions.count()).toBe(2);
    await page.getByRole('button', { name: 'Changes in version 2' }).click();
    const diff = page.getByTestId('diff');
    await diff.getByText('rules.0.when.type').waitFor();
    expect(await diff.textContent()).toContain('"any"');
    await clean(page);
    await screenshot(page, 'console-rule-history');
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page
      .getByTestId('history-message')
      .getByText('Version 1 is in force again as version 3.')
      .waitFor();
    const stored = await dataSource.query<Array<{ version: number; definition: unknown }>>(
      `SELECT version, definition FROM matching_rule_sets ORDER BY version`,
    );
    expect(stored.map((s) => s.version)).toEqual([1, 2, 3]);
    expect(stored[2].definition).toEqual(stored[0].definition);
    await waitFor(async () => (await versions.count()) === 3, { what: 'version 3 in the history' });
  });

  it('an admin adds an agent, a user who works as that agent, an API key shown once, and reads the audit log', async () => {
    const page = await open('/admin/agents', 'admin');
    await page.locator('input[name=agent-name]').fill('Desk Agent');
    await page.locator('input[name=agent-skills]').fill('billing, spanish');
    await page.locator('input[name=agent-social]').fill('2');
    await page.getByRole('button', { name: 'Add agent' }).click();
    const agentRow = page.getByTestId('agent-row').filter({ hasText: 'Desk Agent' });
    await agentRow.waitFor();
    expect(await agentRow.textContent()).toContain('billing, spanish');
    expect(await agentRow.textContent()).toContain('1 / 2');
    await clean(page);

    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Users & roles' })
      .click();
    await page.locator('input[name=new-email]').fill('desk@example.com');
    await page.locator('input[name=new-displayName]').fill('Desk Person');
    await page.locator('input[name=new-password]').fill('short');
    await page.locator('select[name=new-agentId]').selectOption({ label: 'Desk Agent' });
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('[data-path=password]').getByText('at least 12 characters').waitFor();
    await page.locator('input[name=new-password]').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('users-message').getByText('Created desk@example.com.').waitFor();
    await page.getByLabel('Role of desk@example.com').selectOption('supervisor');
    await page.getByTestId('users-message').getByText('Saved desk@example.com.').waitFor();
    const [desk] = await dataSource.query<Array<{ role: string; agent_name: string }>>(
      `SELECT u.role, a.name AS agent_name FROM users u JOIN agents a ON a.id = u.agent_id
        WHERE u.email = 'desk@example.com'`,
    );
    expect(desk).toEqual({ role: 'supervisor', agent_name: 'Desk Agent' });
    await clean(page);

    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'API keys' })
      .click();
    await page.locator('input[name=key-name]').fill('phone-system');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-key').locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^scb_/);
    const me = await fetch(`${base}/v1/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.status).toBe(200);
    await clean(page);
    await page.reload();
    await page.getByTestId('key-row').filter({ hasText: 'phone-system' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke phone-system' }).click();
    await page.getByTestId('key-row').filter({ hasText: 'revoked' }).waitFor();
    const after = await fetch(`${base}/v1/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.status).toBe(401);

    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.locator('input[name=entity]').fill('user');
    const rows = page.getByTestId('audit-row');
    await waitFor(async () => (await rows.count()) >= 2, { what: 'the user changes' });
    const update = rows.filter({ hasText: 'update' }).first();
    await update.getByRole('button', { name: 'Before → after' }).click();
    const diff = page.getByTestId('diff');
    await diff.locator('tr', { hasText: 'role' }).waitFor();
    expect(await diff.locator('tr', { hasText: 'role' }).textContent()).toBe(
      'role"agent""supervisor"',
    );
    await clean(page);
    await screenshot(page, 'console-audit-log');
  });

  it('a supervisor imports a CRM file: every refused row with its line and column, then the fixed file, audited', async () => {
    const page = await open('/admin/crm-import', 'supervisor', 800);
    expect(
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents(),
    ).toContain('CRM import');
    const upload = async (name: string, text: string) => {
      await page.locator('input[name=crm-file]').setInputFiles({
        name,
        mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json',
        buffer: Buffer.from(text),
      });
      await page.getByRole('button', { name: 'Import' }).click();
    };
    const header = 'crm_id,display_name,email,crm_case_id,case_priority';
    await upload('bad.csv', `${header}\nC-1,Ana Lee,ana@example.com,K-1,9\n,Bo,bo@example.com,,\n`);
    const errors = page.getByTestId('crm-errors').locator('tbody tr');
    await errors.first().waitFor();
    const cells = await Promise.all(
      (await errors.all()).map(async (tr) =>
        (await tr.locator('td').allTextContents()).slice(0, 3),
      ),
    );
    expect(cells).toEqual([
      ['1', '2', 'case_priority'],
      ['2', '3', 'crm_id'],
    ]);
    expect(await dataSource.query(`SELECT 1 FROM customers`)).toEqual([]);
    await clean(page);
    await screenshot(page, 'console-crm-import');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);

    await upload(
      'bad.json',
      JSON.stringify({ customers: [{ crmId: 'C-1', cases: [{ crmCaseId: 'K', priority: 0 }] }] }),
    );
    await page.getByTestId('crm-errors').getByText('customers.0.cases.0.priority').waitFor();

    await upload(
      'good.csv',
      `${header}\nC-1,Ana Lee,ana@example.com,K-1,2\nC-2,Bo,bo@example.com,,\n`,
    );
    const result = page.getByTestId('crm-result');
    await result.waitFor();
    expect(await result.locator('tr', { hasText: 'customers' }).textContent()).toContain(
      '2 created, 0 updated',
    );
    expect(await result.locator('tr', { hasText: 'cases' }).textContent()).toContain('1 created');
    expect(await page.getByTestId('crm-errors').count()).toBe(0);
    await clean(page);
    // Only the import that went through is on the audit log, under the supervisor's name.
    expect(
      await dataSource.query(
        `SELECT actor_kind, action, after->'rows' AS rows FROM audit_log WHERE entity = 'crm_import'`,
      ),
    ).toEqual([{ actor_kind: 'user', action: 'import', rows: 2 }]);
  });

  it('a viewer sees only the admin pages their role may read', async () => {
    const page = await open('/admin/rule-history', 'viewer');
    await page.getByTestId('rule-history').waitFor();
    const nav = page.getByRole('navigation', { name: 'Admin' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Rules & queues',
      'Rule history',
      'Agents',
    ]);
    expect(await page.getByRole('button', { name: /Roll back/ }).count()).toBe(0);
    await page.goto(`${base}/admin/agents`);
    await page.getByTestId('agents').waitFor();
    expect(await page.locator('input[name=agent-name]').count()).toBe(0);
    await clean(page);
  });
});
