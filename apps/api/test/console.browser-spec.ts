import { RuleSetProvider } from '@scb/matching';
import { Database, SourceReadUsageRepository } from '@scb/persistence';
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
  sharedDataFile,
  waitFor,
} from '@scb/testing';
import type { Page } from 'playwright-core';
import { MentionReplaySource } from '../../ingestion/src/mention-replay.source';
import { PipelineHarness } from './pipeline.harness';

/** Fewer than the stream keeps (100), so every one of them must show. */
const REPLAYED = 80;

/**
 * The web console in a real chromium, served by the api app, with the four services running on
 * the real Kafka, Postgres and Redis: what the social team, an admin and an agent see and do.
 */
describe('web console in chromium (real pipeline)', () => {
  const pipeline = new PipelineHarness({ LIVE_POLL_MS: '250', MATCHER_RULES_POLL_MS: '250' });
  let base: string;
  const chromium = new ConsoleBrowser({ width: 1440, height: 1000 });

  /** A fresh browser (own cookies) signed in through the login page as a new user of `role`. */
  const open = (path: string, role: Role, agentId?: string): Promise<Page> =>
    chromium.open(path, role, { agentId });
  const replay = () => pipeline.apps!.ingestion.get(MentionReplaySource);

  beforeAll(async () => {
    await pipeline.start();
    base = await pipeline.apiUrl();
    await chromium.start({ baseUrl: base, dataSource: pipeline.dataSource });
  });
  afterAll(async () => {
    await chromium.stop();
    await pipeline.stop();
  });
  afterEach(() => chromium.closePages());

  it('the dashboard shows mentions arriving from a replay of real tweets, with outcome, queue and why', async () => {
    const page = await open('/', 'viewer');
    await page.getByTestId('live').getByText('● live').waitFor({ timeout: 30_000 });

    const replaying = replay().replayFile(sharedDataFile('twcs-spotifycares-inbound.csv'), {
      limit: REPLAYED,
      rate: 60,
    });
    // Mentions appear while the replay is still running: the stream is live, not a reload.
    await waitFor(async () => (await page.getByTestId('mention').count()) >= 10, {
      timeoutMs: 60_000,
      what: 'the first mentions on the dashboard',
    });
    expect((await replaying).published).toBe(REPLAYED);
    await waitFor(async () => (await page.getByTestId('mention').count()) === REPLAYED, {
      timeoutMs: 90_000,
      what: `${REPLAYED} mentions in the stream`,
    });

    // Pinned by id: the row under test stays the same element whatever else updates.
    const openedId = await page
      .locator('[data-testid=mention][data-outcome=new]')
      .first()
      .getAttribute('data-mention-id');
    const opened = page.locator(`[data-testid=mention][data-mention-id="${openedId}"]`);
    expect(await opened.locator('.badge').textContent()).toMatch(/^opened new case CS-\d{6}$/);
    // The queue arrives once the router has queued the case (the feed sends the mention again).
    await waitFor(async () => (await opened.locator('.queue').textContent()) === 'default', {
      what: 'the queue of a new case',
    });
    await opened.locator('button.row').click();
    expect(await opened.getByTestId('explanation').textContent()).toMatch(
      /Why:.*opened a new case/,
    );
    const joined = await page.locator('[data-testid=mention][data-outcome=joined]').count();
    expect(joined).toBeGreaterThan(0);
    await waitFor(
      async () =>
        (await page.getByTestId('tile-mentions').locator('.value').textContent()) ===
        String(REPLAYED),
      { what: 'the mentions tile to count the replay' },
    );
    // Filters: nothing came from Facebook; the queue filter keeps the replay.
    await page.locator('select[name=platform]').selectOption('facebook');
    await page.getByText('No mentions in this range yet.').waitFor();
    await waitFor(
      async () => (await page.getByTestId('tile-mentions').locator('.value').textContent()) === '0',
      { what: 'the tile to follow the platform filter' },
    );
    await page.locator('select[name=platform]').selectOption('');
    await page.locator('select[name=queue]').selectOption('default');
    await waitFor(async () => (await page.getByTestId('mention').count()) > 0, {
      what: 'the stream filtered by queue',
    });

    await page.locator('select[name=queue]').selectOption('');

    // Handles show as @name, never @@name, whether stored with their @ or not.
    const handles = await page.getByTestId('mention').locator('.author').allTextContents();
    expect(handles.length).toBeGreaterThan(0);
    expect(handles.filter((h) => !/^@[^@]/.test(h))).toEqual([]);

    // Every minute of the hour is a row of the chart's table, the quiet ones as zeros.
    await page.getByText('Table: mentions and sentiment per bucket').click();
    const bucketRows = page.getByTestId('bucket-table').locator('tbody tr');
    expect(await bucketRows.count()).toBeGreaterThanOrEqual(60);
    expect(
      await bucketRows
        .filter({ has: page.locator('td:nth-last-child(2)', { hasText: /^0$/ }) })
        .count(),
    ).toBeGreaterThan(50);

    // Drill-down: the outcome slice's text alternative opens those mentions.
    const newCases = await countRows(
      pipeline.dataSource,
      `SELECT 1 FROM interactions WHERE decision->>'rule' = 'new-case' AND NOT ignored`,
    );
    await page.getByText('Table: mentions by outcome').click();
    await page
      .getByTestId('outcome-table')
      .getByRole('button', { name: 'opened a new case' })
      .click();
    const drill = page.getByTestId('drill');
    await drill
      .locator('h3', { hasText: `mentions that opened a new case: ${newCases}` })
      .waitFor();
    const drilled = drill.getByTestId('mention');
    expect(await drilled.count()).toBe(Math.min(newCases, 50));
    expect(await drill.locator('[data-testid=mention]:not([data-outcome=new])').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await drill.getByRole('button', { name: 'Close', exact: true }).click();

    await pipeline.settled();
    // X reads this month against the budget (issue 13, kind 8): 95 % used, so the tile warns.
    await new SourceReadUsageRepository(new Database(pipeline.dataSource)).add(
      'x-mentions:900000000000000001',
      new Date().toISOString().slice(0, 7),
      950,
      1000,
    );
    await page.reload();
    await page.getByTestId('tile-mentions').waitFor();
    const xReads = page.getByTestId('tile-x-reads');
    expect(await xReads.locator('.value').textContent()).toBe('950 / 1,000');
    expect(await xReads.getAttribute('class')).toBe('tile warn');
    expect(await xReads.getAttribute('title')).toMatch(/near the budget/);
    await screenshot(page, 'console-dashboard');

    // A case number is a link to the case; the deep link survives a reload.
    const badge = page.locator('[data-testid=mention][data-outcome=new] a.badge').first();
    const caseNumber = /CS-\d{6}/.exec((await badge.textContent()) ?? '')![0];
    await badge.click();
    await page.getByTestId('case').locator('h1', { hasText: caseNumber }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseNumber}`);
    await page.reload();
    await page.getByTestId('case').locator('h1', { hasText: caseNumber }).waitFor();
    expect(await page.getByTestId('timeline').locator('li').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${base}/cases/CS-999999`);
    await page.getByTestId('case-error').getByText('No case CS-999999.').waitFor();

    // At 800 px and in dark mode: nothing runs off the side, and axe is still clean.
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/`);
    await page.getByTestId('tile-mentions').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
    expect(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe(
      'rgb(15, 17, 21)',
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a deep link survives signing in: the login page shows at the case URL and the case follows', async () => {
    const [{ case_number: caseNumber }] = await pipeline.dataSource.query<
      Array<{ case_number: string }>
    >(`SELECT case_number FROM cases ORDER BY case_number LIMIT 1`);
    const page = await chromium.newPage({ width: 1280, height: 900 });
    await page.goto(`${base}/cases/${caseNumber}`);
    expect(await axeViolations(page)).toEqual([]);
    await chromium.logIn(page, 'supervisor');
    await page.getByTestId('case').locator('h1', { hasText: caseNumber }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseNumber}`);
  });

  it('an admin sees field errors, dry-runs a rule on stored mentions, enables it, and the next mentions follow it', async () => {
    const page = await open('/admin', 'admin');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('input[name=rule-0-id]').fill('ignore-premium');
    await page
      .locator('textarea[name=rule-0-when]')
      .fill(JSON.stringify({ type: 'textContainsAny', values: ['premium'] }));
    await page.locator('input[name=rule-0-ignore]').check();
    await page.locator('input[name=rule-0-priority]').fill('9');

    await page.getByRole('button', { name: 'Dry-run on recent mentions' }).click();
    const priorityError = page.locator('[data-path="definition.rules.0.then.priority"]');
    await priorityError.waitFor();
    expect(await priorityError.textContent()).toMatch(/5/);

    await page.locator('input[name=rule-0-priority]').fill('');
    await page.getByRole('button', { name: 'Dry-run on recent mentions' }).click();
    const report = page.getByTestId('dry-run');
    await report.waitFor();
    // The word "premium" (rules match whole words, any case); later posts of the same authors
    // change too (their first post no longer opens the case they joined).
    const premium = await countRows(
      pipeline.dataSource,
      `SELECT 1 FROM interactions WHERE text ~* '\\mpremium\\M'`,
    );
    expect(premium).toBeGreaterThan(0);
    const changes = page.getByTestId('dry-run-change');
    const changed = await changes.count();
    expect(changed).toBeGreaterThanOrEqual(premium);
    expect(await report.locator('h3').textContent()).toContain(
      `${changed} of ${REPLAYED} mentions would change`,
    );
    const toIgnored = changes.filter({
      has: page.locator('td:nth-child(3)', { hasText: /^ignored/ }),
    });
    expect(await toIgnored.count()).toBe(premium);
    expect(await toIgnored.first().locator('td:nth-child(3)').textContent()).toBe(
      'ignored (ignore-premium)',
    );
    // The dry-run wrote nothing: no version, no interaction changed.
    expect(await countRows(pipeline.dataSource, 'SELECT 1 FROM matching_rule_sets')).toBe(0);
    await screenshot(page, 'console-admin');

    await page.locator('input[name=note]').fill('premium chatter is not a case');
    await page.getByRole('button', { name: 'Enable (save as new version)' }).click();
    await page.getByTestId('rules-status').getByText('Enabled as version 1').waitFor();
    await waitFor(async () => pipeline.apps!.matcher.get(RuleSetProvider).current().version === 1, {
      what: 'the matcher to load version 1',
    });

    const ignoredOne = aMention({ text: '@SpotifyCares is premium down again?' });
    const routedOne = aMention({ text: '@SpotifyCares my downloads vanished' });
    const dashboard = await open('/', 'supervisor');
    await dashboard.getByTestId('live').getByText('● live').waitFor({ timeout: 30_000 });
    await replayMentions(replay(), [ignoredOne, routedOne]);

    const row = (externalId: string) =>
      pipeline.dataSource.query<Array<{ ignored: boolean; rule_set_version: number }>>(
        `SELECT ignored, rule_set_version FROM interactions WHERE external_id = $1`,
        [externalId],
      );
    await waitFor(async () => (await row(routedOne.externalId)).length === 1, {
      timeoutMs: 60_000,
      what: 'the new mentions to be matched',
    });
    expect(await row(ignoredOne.externalId)).toEqual([{ ignored: true, rule_set_version: 1 }]);
    expect(await row(routedOne.externalId)).toEqual([{ ignored: false, rule_set_version: 1 }]);
    const ignoredRow = dashboard.locator('[data-testid=mention][data-outcome=ignored]', {
      hasText: 'is premium down again?',
    });
    await ignoredRow.waitFor({ timeout: 30_000 });
    await ignoredRow.locator('button.row').click();
    expect(await ignoredRow.getByTestId('explanation').textContent()).toContain(
      'rules fired: ignore-premium',
    );
  });

  it('an agent works their own items: timeline, live updates, reply count, canned replies, shortcuts, resolve, put back, transfer', async () => {
    const asAdmin = authedClient(base, await seedApiKey(pipeline.dataSource, 'admin'));
    expect((await asAdmin('PUT', '/v1/admin/queues/escalations', {})).status).toBe(200);
    const created = await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Ada Agent' });
    expect(created.status).toBe(201);
    const agent = created.body;
    const itemState = (caseNumber: string) =>
      pipeline.dataSource.query<
        Array<{ status: string; agent_id: string | null; queue_name: string; case_status: string }>
      >(
        `SELECT w.status, w.agent_id, w.queue_name, c.status AS case_status
           FROM work_items w JOIN cases c ON c.id = w.case_id WHERE c.case_number = $1`,
        [caseNumber],
      );
    const page = await open('/agent', 'agent', agent.id);
    expect(await axeViolations(page)).toEqual([]);
    const item = page.getByTestId('work-item');
    const heading = async () =>
      /CS-\d{6}/.exec((await item.locator('h2').textContent()) ?? '')?.[0];
    /** Takes the next item; `before` are the items already on screen, which the desk leaves. */
    const takeNext = async (held: number, before: string[] = []) => {
      await page.getByRole('button', { name: 'Next work item' }).click();
      await page
        .getByTestId('held-items')
        .locator('li')
        .nth(held - 1)
        .waitFor();
      expect(await page.getByTestId('held-items').locator('li').count()).toBe(held);
      await item.waitFor();
      // The held list can grow (a live `queues` event reloads it) a moment before the desk
      // switches to the item just taken: wait for the switch itself.
      const caseNumber = await waitFor(
        async () => {
          const shown = await heading();
          return shown !== undefined && !before.includes(shown) ? shown : undefined;
        },
        { what: 'the desk to show the item just taken' },
      );
      expect(await item.getByTestId('timeline').locator('li').count()).toBeGreaterThan(0);
      return caseNumber!;
    };
    const message = (text: string) => page.getByTestId('agent-message').getByText(text).waitFor();

    const first = await takeNext(1);
    // The reply counts as X does (CJK characters weigh 2) and refuses to send past 280.
    const reply = page.locator('textarea[name=reply]');
    await reply.fill('hello');
    await page.getByTestId('reply-count').getByText('5 / 280 characters').waitFor();
    await reply.fill('日'.repeat(141));
    await page.getByTestId('reply-count').getByText('282 / 280 characters (too long)').waitFor();
    expect(await page.getByRole('button', { name: 'Send reply' }).isDisabled()).toBe(true);
    await page.locator('select[name=canned]').selectOption('looking');
    expect(await reply.inputValue()).toMatch(/^Hi\b.*looking into this now/);
    await reply.fill('');

    // The customer writes again: the timeline shows it without a reload.
    const [author] = await pipeline.dataSource.query<Array<{ author_id: string }>>(
      `SELECT i.author_id FROM interactions i JOIN cases c ON c.id = i.case_id
        WHERE c.case_number = $1 AND i.direction = 'inbound' LIMIT 1`,
      [first],
    );
    const again = aMention({ authorId: author.author_id, text: '@SpotifyCares any news on this?' });
    await replayMentions(replay(), [again]);
    await item.getByTestId('timeline').getByText('any news on this?').waitFor({ timeout: 60_000 });

    // A second item: both held (social capacity is 3), j/k move between them, ? shows the keys.
    const second = await takeNext(2, [first]);
    expect(second).not.toBe(first);
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('k');
    await waitFor(async () => (await heading()) === first, { what: 'k to select the first item' });
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').getByText('Keyboard shortcuts').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts').waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Resolve' }).click();
    await message(`Resolved ${first}.`);
    expect(await itemState(first)).toEqual([
      { status: 'completed', agent_id: agent.id, queue_name: 'default', case_status: 'resolved' },
    ]);
    await waitFor(async () => (await heading()) === second, {
      what: 'the desk to show the other item',
    });
    await screenshot(page, 'console-agent');
    await page.getByRole('button', { name: 'Put back' }).click();
    await message(`Put ${second} back in default.`);
    expect(await itemState(second)).toEqual([
      { status: 'queued', agent_id: null, queue_name: 'default', case_status: 'open' },
    ]);

    const third = await takeNext(1);
    await page.locator('select[name=toQueue]').selectOption('escalations');
    await page.getByRole('button', { name: 'Transfer' }).click();
    await message(`Transferred ${third} to escalations.`);
    expect(await itemState(third)).toEqual([
      { status: 'queued', agent_id: null, queue_name: 'escalations', case_status: 'open' },
    ]);
    await waitFor(async () => (await page.getByTestId('held-items').locator('li').count()) === 0, {
      what: 'the desk to hold nothing',
    });

    // The case list: the open social cases by priority, each with its SLA state and agent.
    await page.goto(`${base}/cases?status=open&channel=social&sort=-priority`);
    await page.getByTestId('case-row').first().waitFor();
    expect(await page.locator('select[name=channel]').inputValue()).toBe('social');
    expect(await page.getByTestId('case-sla').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'console-cases');
  });

  it('a user with no agent of their own is told so instead of picking an agent', async () => {
    const page = await open('/agent', 'admin');
    await page.getByTestId('no-agent').waitFor();
    expect(await page.locator('select[name=agent]').count()).toBe(0);
  });

  it('a viewer sees the rules read-only, the API refuses their edits with 403, and an expired session goes back to the login page', async () => {
    const page = await open('/admin', 'viewer');
    await page.getByTestId('matching-rules').waitFor();
    await page.getByText('read-only for your role').waitFor();
    for (const name of ['Add rule', 'Dry-run on recent mentions', 'Enable (save as new version)'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.locator('input[name=caseNumber]').isDisabled()).toBe(true);

    // Same session cookie, straight to the API: refused, and nothing is saved.
    const statuses = await page.evaluate(async () => {
      const post = (path: string, body: unknown) =>
        fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.status);
      return {
        publish: await post('/v1/admin/matching-rules', { definition: {} }),
        dryRun: await post('/v1/admin/matching-rules/dry-run', { definition: {} }),
        routingRule: await post('/v1/admin/routing-rules', {
          name: 'x',
          conditions: {},
          targetQueue: 'default',
        }),
        read: await fetch('/v1/admin/queues').then((r) => r.status),
      };
    });
    expect(statuses).toEqual({ publish: 403, dryRun: 403, routingRule: 403, read: 200 });

    await page.context().clearCookies();
    await page.getByRole('tab', { name: 'Routing rules' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });
});
