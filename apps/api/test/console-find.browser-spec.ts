import type { Role } from '@scb/auth';
import {
  aMention,
  authedClient,
  axeViolations,
  ConsoleBrowser,
  countRows,
  FakeXServer,
  replayMentions,
  screenshot,
  seedApiKey,
  waitFor,
  type ApiCall,
} from '@scb/testing';
import type { Page } from 'playwright-core';
import { MentionReplaySource } from '../../ingestion/src/mention-replay.source';
import { PipelineHarness } from './pipeline.harness';

/**
 * Finding things in the console (issue 16 points 1–3) in a real chromium, with the four
 * services on the real Kafka, Postgres and Redis: the agent who finds a customer by phone
 * number, opens the case, reads the timeline, adds a note, replies on X and resolves it, in one
 * journey. X is stood in for by its v2 wire format (FakeXServer). axe on each page.
 */
describe('finding customers and cases in chromium (real pipeline)', () => {
  const x = new FakeXServer('app-bearer-token', { userToken: 'brand-user-token' });
  let pipeline: PipelineHarness;
  let base: string;
  let asAdmin: ApiCall;
  const chromium = new ConsoleBrowser({ width: 1280, height: 1000 });

  const open = (path: string, role: Role, agentId?: string): Promise<Page> =>
    chromium.open(path, role, { agentId });
  const clean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);

  beforeAll(async () => {
    pipeline = new PipelineHarness({
      LIVE_POLL_MS: '250',
      MATCHER_RULES_POLL_MS: '250',
      X_API_BASE_URL: await x.start(),
      X_USER_ACCESS_TOKEN: 'brand-user-token',
    });
    await pipeline.start();
    base = await pipeline.apiUrl();
    asAdmin = authedClient(base, await seedApiKey(pipeline.dataSource, 'admin'));
    await chromium.start({ baseUrl: base, dataSource: pipeline.dataSource });
  });
  afterAll(async () => {
    await chromium.stop();
    await pipeline?.stop();
    await x.stop();
  });
  afterEach(() => chromium.closePages());

  it('an agent finds the customer by phone number, reads the timeline, adds a note, replies and resolves', async () => {
    // The CRM knows Maria's phone and her X account; she then writes on X.
    const imported = await asAdmin('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-MARIA-1',
          displayName: 'Maria Lopez',
          tier: 'gold',
          identities: [{ platform: 'x', externalUserId: '4242', handle: 'MariaL' }],
          identifiers: [
            { kind: 'phone', value: '(312) 532-2341' },
            { kind: 'email', value: 'Maria.Lopez@example.com' },
          ],
        },
      ],
    });
    expect(imported.status).toBe(200);
    const agent = await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Ada Agent' });
    expect(agent.status).toBe(201);
    const post = aMention({
      authorId: '4242',
      authorHandle: 'MariaL',
      text: '@SpotifyCares I was charged twice for family plan',
    });
    await replayMentions(pipeline.apps!.ingestion.get(MentionReplaySource), [post]);
    await waitFor(
      async () =>
        (await countRows(
          pipeline.dataSource,
          `SELECT 1 FROM work_items w JOIN cases c ON c.id = w.case_id
             JOIN customers cu ON cu.id = c.customer_id
            WHERE cu.crm_id = 'CRM-MARIA-1' AND w.status = 'queued'`,
        )) === 1,
      { timeoutMs: 60_000, what: "Maria's case to be queued" },
    );

    // The agent takes the item (only the holder may write a note on the case).
    const page = await open('/agent', 'agent', agent.body.id);
    await page.getByRole('button', { name: 'Next work item' }).click();
    const heading = page.getByTestId('work-item').locator('h2');
    await heading.waitFor();
    const caseNumber = /CS-\d{6}/.exec((await heading.textContent()) ?? '')![0];
    await page.getByTestId('customer-panel').getByText('Maria Lopez').waitFor();
    await clean(page);

    // Search by phone in another format than the CRM's: the customer and her case.
    await page.getByRole('searchbox').fill('+1 312 532 2341');
    await page.getByRole('searchbox').press('Enter');
    const customer = page.getByTestId('customer-result').filter({ hasText: 'Maria Lopez' });
    await customer.waitFor();
    expect(await page.getByTestId('customer-result').count()).toBe(1);
    await page
      .getByTestId('case-results')
      .locator(`[data-testid=case-row][data-case-number="${caseNumber}"]`)
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    await clean(page);

    // The customer 360: identities with trust and source, her cases, one timeline; by reload too.
    await customer.getByRole('link', { name: 'Maria Lopez' }).click();
    const profile = page.getByTestId('customer');
    await profile.locator('h1', { hasText: 'Maria Lopez' }).waitFor();
    await page.reload();
    await profile.getByTestId('timeline').getByText('charged twice for family plan').waitFor();
    const identities = await profile.getByTestId('identities').locator('li').allTextContents();
    expect(identities.some((i) => /@MariaL/.test(i) && /trust \S+ · source \S+/.test(i))).toBe(
      true,
    );
    expect(identities.some((i) => /\+13125322341|532/.test(i))).toBe(true);
    await clean(page);
    await screenshot(page, 'console-customer');

    // The case: its timeline, a note, the note on the timeline (and in the database).
    await profile.getByTestId('customer-cases').getByRole('link', { name: caseNumber }).click();
    const casePage = page.getByTestId('case');
    await casePage.locator('h1', { hasText: caseNumber }).waitFor();
    await casePage.getByTestId('timeline').getByText('charged twice for family plan').waitFor();
    await casePage
      .locator('textarea[name=note-body]')
      .fill('Promised a refund of the second charge');
    await casePage.getByRole('button', { name: 'Add note' }).click();
    await casePage.getByTestId('note-message').getByText('Note added.').waitFor();
    await casePage
      .getByTestId('timeline')
      .locator('li[data-kind=note]', { hasText: 'Promised a refund of the second charge' })
      .waitFor();
    expect(
      await pipeline.dataSource.query(
        `SELECT n.body FROM case_notes n JOIN cases c ON c.id = n.case_id WHERE c.case_number = $1`,
        [caseNumber],
      ),
    ).toEqual([{ body: 'Promised a refund of the second charge' }]);
    await clean(page);
    await screenshot(page, 'console-case');

    // Back at the desk: the reply goes to X in answer to her post, then the case is resolved.
    await page.getByRole('link', { name: 'Agent', exact: true }).click();
    const desk = page.getByTestId('work-item');
    await desk.locator('h2', { hasText: caseNumber }).waitFor();
    await desk
      .locator('li[data-kind=note]', { hasText: 'Promised a refund of the second charge' })
      .waitFor();
    // A supervisor's note on the case shows on the desk live, without a reload.
    const note = await asAdmin('POST', `/v1/cases/${caseNumber}/notes`, {
      body: 'Refund approved by billing',
    });
    expect(note.status).toBe(201);
    await desk
      .locator('li[data-kind=note]', { hasText: 'Refund approved by billing' })
      .waitFor({ timeout: 30_000 });
    await desk.locator('textarea[name=reply]').fill('Sorry Maria, the second charge is refunded.');
    await page.getByTestId('reply-count').getByText('43 / 280 characters').waitFor();
    await desk.getByRole('button', { name: 'Send reply' }).click();
    await desk
      .locator('li[data-kind=reply]', { hasText: 'the second charge is refunded' })
      .waitFor({ timeout: 30_000 });
    expect(x.requestsTo('/2/tweets').filter((r) => r.status < 300)).toHaveLength(1);
    await clean(page);
    await desk.getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('agent-message').getByText(`Resolved ${caseNumber}.`).waitFor();
    expect(
      await pipeline.dataSource.query(
        `SELECT c.status, w.status AS item FROM cases c JOIN work_items w ON w.case_id = c.id
          WHERE c.case_number = $1`,
        [caseNumber],
      ),
    ).toEqual([{ status: 'resolved', item: 'completed' }]);

    // The case list: filtered, sorted, and the filters kept in the URL across a reload.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.locator('select[name=status]').selectOption('resolved');
    await page.locator(`[data-testid=case-row][data-case-number="${caseNumber}"]`).waitFor();
    await page.locator('select[name=sort]').selectOption('-priority');
    await waitFor(async () => new URL(page.url()).searchParams.get('sort') === '-priority', {
      what: 'the sort in the URL',
    });
    await page.reload();
    expect(await page.locator('select[name=status]').inputValue()).toBe('resolved');
    await page.locator(`[data-testid=case-row][data-case-number="${caseNumber}"]`).waitFor();
    await page.locator('select[name=channel]').selectOption('phone');
    await page.getByTestId('cases').getByText('No cases found.').waitFor();
    await page.locator('select[name=channel]').selectOption('social');
    await page.locator(`[data-testid=case-row][data-case-number="${caseNumber}"]`).waitFor();
    await page.locator('select[name=status]').selectOption('open');
    await page.getByTestId('cases').getByText('No cases found.').waitFor();
    await clean(page);

    // At 800 px in dark mode the new pages fit the width and axe stays clean.
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [path, ready] of [
      [`/cases/${caseNumber}`, 'customer-panel'],
      ['/cases?status=resolved', 'case-table'],
      [`/customers?q=${encodeURIComponent('(312) 532-2341')}`, 'customer-result'],
    ]) {
      await page.goto(`${base}${path}`);
      await page.getByTestId(ready).first().waitFor();
      expect({ path, width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({
        path,
        width: 800,
      });
      await clean(page);
    }
  });

  it('a note from someone who does not hold the case is refused with the reason shown', async () => {
    const [{ case_number: caseNumber }] = await pipeline.dataSource.query<
      Array<{ case_number: string }>
    >(`SELECT case_number FROM cases ORDER BY case_number LIMIT 1`);
    const other = await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Bo Agent' });
    const page = await open(`/cases/${caseNumber}`, 'agent', other.body.id);
    await page.getByTestId('case').locator('h1', { hasText: caseNumber }).waitFor();
    await page.locator('textarea[name=note-body]').fill('not mine');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page
      .getByTestId('note-message')
      .getByText('only the agent holding the case (or a supervisor) may write a note on it')
      .waitFor();
    expect(await page.getByTestId('note-message').getAttribute('class')).toBe('field-error');
    expect(
      await page
        .getByTestId('timeline')
        .locator('li[data-kind=note]', { hasText: 'not mine' })
        .count(),
    ).toBe(0);
  });
});
