import type { Role } from '@scb/auth';
import {
  aMention,
  authedClient,
  axeViolations,
  ConsoleBrowser,
  countRows,
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
 * The customer 360's identities (issue 16 point 2, docs/identity.md) in a real chromium, with
 * the four services on the real Kafka, Postgres and Redis: an X account we did not know gives a
 * phone number the CRM has on file (replayed through ingestion → matcher → router); the customer
 * page and the case timeline show that account as unverified with its evidence; the agent
 * holding the case confirms it (proven); a second account giving the same number is detached
 * by a supervisor: it leaves the customer and its post is on a case of its own. axe on the
 * customer page while claims are shown.
 */
describe('confirming and detaching claimed identities in chromium (real pipeline)', () => {
  const pipeline = new PipelineHarness({ LIVE_POLL_MS: '250', MATCHER_RULES_POLL_MS: '250' });
  let base: string;
  let asAdmin: ApiCall;
  const chromium = new ConsoleBrowser({ width: 1280, height: 1000 });

  const open = (path: string, role: Role, agentId?: string): Promise<Page> =>
    chromium.open(path, role, { agentId });
  const clean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);
  const replay = (post: ReturnType<typeof aMention>) =>
    replayMentions(pipeline.apps!.ingestion.get(MentionReplaySource), [post]);
  /** The customer that holds X account `authorId`, with its trust and source. */
  const accountOf = async (authorId: string) =>
    pipeline.dataSource.query<Array<{ customer_id: string; trust: string; source: string }>>(
      `SELECT customer_id, trust, source FROM customer_identities
        WHERE platform = 'x' AND external_user_id = $1`,
      [authorId],
    );

  beforeAll(async () => {
    await pipeline.start();
    base = await pipeline.apiUrl();
    asAdmin = authedClient(base, await seedApiKey(pipeline.dataSource, 'admin'));
    await chromium.start({ baseUrl: base, dataSource: pipeline.dataSource });
  });
  afterAll(async () => {
    await chromium.stop();
    await pipeline?.stop();
  });
  afterEach(() => chromium.closePages());

  it('a claim is shown unverified with its evidence, confirmed by the holder; another is detached to a case of its own', async () => {
    // The CRM knows Rita's phone number, not her X account.
    const imported = await asAdmin('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-RITA-16',
          displayName: 'Rita Ruiz',
          identifiers: [{ kind: 'phone', value: '(312) 555-0161' }],
        },
      ],
    });
    expect(imported.status).toBe(200);
    const [{ id: customerId }] = await pipeline.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM customers WHERE crm_id = 'CRM-RITA-16'`,
    );
    const agent = await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Ida Agent' });
    expect(agent.status).toBe(201);

    // An X account we do not know gives that number: a claim, the post on Rita's case.
    const first = aMention({
      authorId: '9160001',
      authorHandle: 'rita_on_x',
      text: '@SpotifyCares premium stopped working, my number is (312) 555-0161',
    });
    await replay(first);
    await waitFor(
      async () =>
        (await countRows(
          pipeline.dataSource,
          `SELECT 1 FROM work_items w JOIN cases c ON c.id = w.case_id
            WHERE c.customer_id = $1 AND w.status = 'queued'`,
          [customerId],
        )) === 1,
      { timeoutMs: 60_000, what: "Rita's case to be queued" },
    );
    expect(await accountOf('9160001')).toEqual([
      { customer_id: customerId, trust: 'claimed', source: 'matcher' },
    ]);

    // The agent takes the case: the post is marked unverified on the desk, with its evidence.
    const page = await open('/agent', 'agent', agent.body.id);
    await page.getByRole('button', { name: 'Next work item' }).click();
    const desk = page.getByTestId('work-item');
    const caseNumber = /CS-\d{6}/.exec((await desk.locator('h2').textContent()) ?? '')![0];
    const deskPost = desk.locator('li[data-kind=mention]', { hasText: 'premium stopped working' });
    await deskPost.getByTestId('unverified-author').waitFor();
    expect(await deskPost.getByTestId('claim-evidence').textContent()).toContain(
      `gave phone number +13125550161 in post ${first.externalId}`,
    );
    // …and in the customer panel beside it.
    await desk
      .getByTestId('customer-panel')
      .getByTestId('identity')
      .filter({ hasText: '@rita_on_x' })
      .locator('.badge', { hasText: 'unverified' })
      .waitFor();
    await clean(page);

    // The customer 360: the account unverified, with the number and the post that claimed it.
    await page.goto(`${base}/customers/${customerId}`);
    const profile = page.getByTestId('customer');
    await profile.locator('h1', { hasText: 'Rita Ruiz' }).waitFor();
    const claimed = profile.getByTestId('identity').filter({ hasText: '@rita_on_x' });
    expect(await claimed.getAttribute('data-trust')).toBe('claimed');
    await claimed.locator('.badge', { hasText: 'unverified' }).waitFor();
    expect(await claimed.getByTestId('identity-evidence').textContent()).toContain(
      `gave phone number +13125550161 in post ${first.externalId}`,
    );
    await profile
      .getByTestId('timeline')
      .locator('li[data-kind=mention]', { hasText: 'premium stopped working' })
      .getByTestId('unverified-author')
      .waitFor();
    await clean(page);

    // The holder confirms it: proven, by an agent, the evidence kept with who confirmed it.
    await claimed.getByRole('button', { name: 'Confirm @rita_on_x' }).click();
    await profile.getByTestId('identity-outcome').getByText('Confirmed @rita_on_x.').waitFor();
    const proven = profile.getByTestId('identity').filter({ hasText: '@rita_on_x' });
    await waitFor(async () => (await proven.getAttribute('data-trust')) === 'proven', {
      what: 'the account shown as proven',
    });
    expect(await proven.locator('.badge.unverified').count()).toBe(0);
    expect(await proven.getByTestId('identity-evidence').textContent()).toMatch(
      /gave phone number \+13125550161 .* · confirmed by \S+/,
    );
    expect(await accountOf('9160001')).toEqual([
      { customer_id: customerId, trust: 'proven', source: 'agent' },
    ]);
    // Her post is no longer shown as unverified on the case.
    await page.goto(`${base}/cases/${caseNumber}`);
    const casePost = page
      .getByTestId('case')
      .getByTestId('timeline')
      .locator('li[data-kind=mention]', { hasText: 'premium stopped working' });
    await casePost.waitFor();
    expect(await casePost.getByTestId('unverified-author').count()).toBe(0);

    // Someone else gives Rita's number from another account: another claim on her case.
    const second = aMention({
      authorId: '9160002',
      authorHandle: 'not_rita',
      text: '@SpotifyCares refund me now, call 312-555-0161',
    });
    await replay(second);
    await waitFor(async () => (await accountOf('9160002')).length === 1, {
      timeoutMs: 60_000,
      what: 'the second account to be claimed',
    });
    expect(await accountOf('9160002')).toEqual([
      { customer_id: customerId, trust: 'claimed', source: 'matcher' },
    ]);

    // A supervisor sees it unverified (axe clean with the claim shown) and detaches it.
    const supervisor = await open(`/customers/${customerId}`, 'supervisor');
    const view = supervisor.getByTestId('customer');
    const other = view.getByTestId('identity').filter({ hasText: '@not_rita' });
    await other.locator('.badge', { hasText: 'unverified' }).waitFor();
    expect(await other.getByTestId('identity-evidence').textContent()).toContain(
      `gave phone number +13125550161 in post ${second.externalId}`,
    );
    await view
      .getByTestId('timeline')
      .locator('li[data-kind=mention]', { hasText: 'refund me now' })
      .getByTestId('unverified-author')
      .waitFor();
    await clean(supervisor);
    await screenshot(supervisor, 'console-customer-claims');
    await other.getByRole('button', { name: 'Detach @not_rita' }).click();
    const outcome = view.getByTestId('identity-outcome');
    await outcome.getByText('Detached @not_rita.').waitFor();
    await waitFor(async () => (await other.count()) === 0, {
      what: 'the detached account to leave the customer page',
    });
    expect(await view.getByTestId('identity').filter({ hasText: '@rita_on_x' }).count()).toBe(1);
    await waitFor(
      async () =>
        (await view
          .getByTestId('timeline')
          .locator('li[data-kind=mention]', { hasText: 'refund me now' })
          .count()) === 0,
      { what: "the detached account's post to leave Rita's timeline" },
    );
    await clean(supervisor);

    // The account is a customer of its own, proven, and its post is on a case of its own.
    const [moved] = await accountOf('9160002');
    expect(moved.customer_id).not.toBe(customerId);
    expect(moved.trust).toBe('proven');
    const [{ case_number: ownCase, customer_id: owner }] = await pipeline.dataSource.query<
      Array<{ case_number: string; customer_id: string }>
    >(
      `SELECT c.case_number, c.customer_id FROM interactions i JOIN cases c ON c.id = i.case_id
        WHERE i.platform = 'x' AND i.external_id = $1`,
      [second.externalId],
    );
    expect(owner).toBe(moved.customer_id);
    expect(ownCase).not.toBe(caseNumber);
    await outcome.getByRole('link', { name: ownCase }).click();
    const itsCase = supervisor.getByTestId('case');
    await itsCase.locator('h1', { hasText: ownCase }).waitFor();
    await itsCase.getByTestId('timeline').getByText('refund me now, call 312-555-0161').waitFor();
    expect(await itsCase.getByRole('link', { name: 'Rita Ruiz' }).count()).toBe(0);
    await clean(supervisor);
  });
});
