import type { CrmConnectorRow } from '@scb/persistence';
import { ManualClock } from '@scb/testing';
import { ListCrmConnectors } from './list-crm-connectors.usecase';

const row = (name: string, over: Partial<CrmConnectorRow> = {}): CrmConnectorRow => ({
  name,
  kind: 'salesforce',
  settings: { loginUrl: 'https://login.salesforce.com' },
  fieldOwnership: null,
  credentials: 'v1.secret-ciphertext',
  webhookSecret: null,
  outboundWatermark: null,
  state: 'running',
  outboundSince: new Date('2026-02-01T00:00:00Z'),
  changeCursor: null,
  changesApplied: 0,
  fullSync: null,
  lastSuccessAt: null,
  lastError: null,
  lastErrorAt: null,
  createdAt: new Date('2026-02-01T00:00:00Z'),
  updatedAt: new Date('2026-02-01T00:00:00Z'),
  ...over,
});

describe('ListCrmConnectors', () => {
  const rows = [
    row('salesforce-main', { lastSuccessAt: new Date('2026-02-01T00:09:30Z') }),
    row('zendesk-eu', { kind: 'zendesk', state: 'error', lastError: 'credentials refused' }),
    row('zendesk-us', {
      kind: 'zendesk',
      state: 'paused',
      fullSync: {
        status: 'running',
        phase: 'customers',
        page: null,
        pages: 1,
        customers: 2,
        cases: 0,
        requestedAt: '2026-02-01T00:05:00.000Z',
        finishedAt: null,
        error: null,
      },
    }),
  ];
  const list = new ListCrmConnectors(
    { listConnectors: () => Promise.resolve(rows) },
    new ManualClock('2026-02-01T00:10:00Z'),
  );

  it('lists each connector with state, lag and last error, never its credentials', async () => {
    const { total, items } = await list.execute({ limit: 50, offset: 0 });
    expect(total).toBe(3);
    expect(items.map((i) => [i.name, i.kind, i.state, i.lagSeconds, i.lastError])).toEqual([
      ['salesforce-main', 'salesforce', 'running', 30, null],
      ['zendesk-eu', 'zendesk', 'error', 600, 'credentials refused'],
      ['zendesk-us', 'zendesk', 'paused', 600, null],
    ]);
    expect(items[2].fullSyncStatus).toBe('running');
    expect(JSON.stringify(items)).not.toContain('secret-ciphertext');
  });

  it('pages by limit and offset, total counting all', async () => {
    const { total, items } = await list.execute({ limit: 1, offset: 1 });
    expect(total).toBe(3);
    expect(items.map((i) => i.name)).toEqual(['zendesk-eu']);
  });
});
