import {
  CrmRefusedError,
  CrmUnavailableError,
  type CrmCaseRecord,
  type CrmConnector,
} from '@scb/crm';
import type {
  CrmCommentToSend,
  CrmNoteToSend,
  CrmConnectorRow,
  CrmLinkedCase,
  CrmCaseLinkRepository,
  CrmConnectorRepository,
  CrmOutboundRepository,
  CrmSyncReportRepository,
} from '@scb/persistence';
import { ManualClock } from '@scb/testing';
import type { ApiSettings } from '../../../config/api-settings';
import { SyncCrmConnector } from './sync-crm-connector.usecase';

const NOW = new Date('2026-03-01T12:00:00Z');
const HORIZON = new Date('2026-03-01T11:59:58Z');

const connectorRow = (overrides: Partial<CrmConnectorRow> = {}): CrmConnectorRow => ({
  name: 'sf',
  kind: 'salesforce',
  settings: {},
  fieldOwnership: {},
  credentials: 'v1.x.y.z',
  webhookSecret: null,
  outboundWatermark: null,
  state: 'running',
  outboundSince: NOW,
  changeCursor: 'c-0',
  changesApplied: 0,
  fullSync: null,
  lastSuccessAt: null,
  lastError: null,
  lastErrorAt: null,
  createdAt: NOW,
  updatedAt: NOW,
  ...overrides,
});

const post = (n: number): CrmCommentToSend => ({
  interactionId: `i-${n}`,
  caseId: 'case-1',
  caseNumber: 'CS-000001',
  crmCaseId: '500000000000001AAA',
  platform: 'x',
  externalId: `10${n}`,
  direction: 'inbound',
  text: `post ${n}`,
  authorHandle: 'ana',
  url: null,
});

const change = (overrides: Partial<CrmCaseRecord> = {}): CrmCaseRecord => ({
  crmCaseId: '500000000000001AAA',
  crmCaseNumber: '00001001',
  externalId: null,
  customerCrmId: '003000000000001AAA',
  subject: null,
  status: 'resolved',
  crmStatus: 'Closed',
  crmPriority: null,
  category: null,
  updatedAt: new Date('2026-03-01T11:59:00Z'),
  closedAt: new Date('2026-03-01T11:59:00Z'),
  ...overrides,
});

/** The sync's tables in memory: what the pass reads, and every write it made. */
function fakeRepo(
  row: CrmConnectorRow,
  linked: CrmLinkedCase[],
  posts: CrmCommentToSend[],
  notes: CrmNoteToSend[] = [],
) {
  const writes: string[] = [];
  const repo = {
    writes,
    findConnector: async () => row,
    recordSuccess: async () => void writes.push('success'),
    saveCursor: async (_: string, cursor: string) => void writes.push(`cursor ${cursor}`),
    saveFullSync: async () => undefined,
    casesForCrm: async () => linked.map((c) => ({ ...c, matchedBy: c.caseNumber })),
    link: async () => undefined,
    markSynced: async (_: string, caseId: string, status: string) =>
      void writes.push(`synced ${caseId} ${status}`),
    outboundHorizon: async () => HORIZON,
    saveOutboundWatermark: async (_: string, at: Date) =>
      void writes.push(`watermark ${at.toISOString()}`),
    casesToOpen: async () => [],
    commentsToSend: async () => posts,
    markComment: async (_: string, id: string, outcome: string) =>
      void writes.push(`mark ${id} ${outcome}`),
    notesToSend: async () => notes,
    markNote: async (_: string, id: string, outcome: string) =>
      void writes.push(`note ${id} ${outcome}`),
    statusesToSend: async () => [],
    reopenCase: async () => true,
    addDeadLetter: async (_: string, letter: { recordRef: string; code: string; reason: string }) =>
      void writes.push(`dead ${letter.recordRef} ${letter.code}: ${letter.reason}`),
    addConflict: async () => undefined,
  };
  return repo;
}

function setUp(
  crm: Partial<CrmConnector>,
  linked: CrmLinkedCase[] = [],
  posts = [post(1)],
  notes: CrmNoteToSend[] = [],
) {
  const repo = fakeRepo(connectorRow(), linked, posts, notes);
  const resolved: string[] = [];
  const sync = new SyncCrmConnector(
    repo as unknown as CrmConnectorRepository,
    repo as unknown as CrmCaseLinkRepository,
    repo as unknown as CrmOutboundRepository,
    repo as unknown as CrmSyncReportRepository,
    { for: () => crm as CrmConnector },
    { execute: async () => ({}) as never },
    {
      execute: async (c) => {
        resolved.push(c.caseId);
        return true;
      },
    },
    { phoneDefaultCountry: async () => 'US' },
    new ManualClock(NOW),
    {
      CRM_SYNC_BATCH_SIZE: 10,
      CRM_FULL_SYNC_PAGES_PER_PASS: 1,
      CRM_FULL_SYNC_CLOSED_SINCE_DAYS: 30,
      CRM_OUTBOUND_OVERLAP_MS: 600_000,
    },
  );
  return { sync, repo, resolved };
}

const noChanges = async () => ({ changes: [], cursor: 'c-1', hasMore: false });

describe('SyncCrmConnector (one pass)', () => {
  it('dead-letters a refused comment with the CRM reason, marks it, and sends the next', async () => {
    let calls = 0;
    const { sync, repo } = setUp(
      {
        readCaseChanges: noChanges,
        addComment: async () => {
          calls += 1;
          if (calls === 1)
            throw new CrmRefusedError(
              'salesforce',
              'INVALID_CROSS_REFERENCE_KEY',
              'Parent ID: id value of incorrect type',
              400,
            );
          return { crmId: '00a1', created: true };
        },
      },
      [],
      [post(1), post(2)],
    );

    const result = await sync.execute({ name: 'sf' });

    expect(result?.outbound).toEqual({
      casesOpened: 0,
      comments: 1,
      notes: 0,
      statuses: 0,
      deadLetters: 1,
    });
    expect(repo.writes).toEqual([
      'cursor c-1',
      'dead x:101 INVALID_CROSS_REFERENCE_KEY: Parent ID: id value of incorrect type',
      'mark i-1 dead-lettered',
      'mark i-2 sent',
      'watermark 2026-03-01T11:59:58.000Z',
      'success',
    ]);
  });

  it("writes agents' notes as non-public note comments linking our case, marks them, dead-letters a refused one", async () => {
    const written: Array<{ crmCaseId: string; comment: unknown }> = [];
    const note = (n: number): CrmNoteToSend => ({
      noteId: `n-${n}`,
      caseId: 'case-1',
      caseNumber: 'CS-000001',
      crmCaseId: '500000000000001AAA',
      authorName: 'Dana',
      body: `note ${n}`,
    });
    const { sync, repo } = setUp(
      {
        readCaseChanges: noChanges,
        addComment: async (crmCaseId, comment) => {
          if (comment.externalId === 'note:n-2')
            throw new CrmRefusedError('zendesk', 'RecordInvalid', 'Body is too long', 422);
          written.push({ crmCaseId, comment });
          return { crmId: `c-${written.length}`, created: true };
        },
      },
      [],
      [],
      [note(1), note(2)],
    );

    const result = await sync.execute({ name: 'sf' });

    expect(result?.outbound).toMatchObject({ comments: 0, notes: 1, deadLetters: 1 });
    expect(written).toEqual([
      {
        crmCaseId: '500000000000001AAA',
        comment: expect.objectContaining({
          externalId: 'note:n-1',
          kind: 'note',
          public: false,
          link: 'scb:case/CS-000001',
        }),
      },
    ]);
    expect(repo.writes).toEqual([
      'cursor c-1',
      'note n-1 sent',
      'dead note:n-2 RecordInvalid: Body is too long',
      'note n-2 dead-lettered',
      'watermark 2026-03-01T11:59:58.000Z',
      'success',
    ]);
  });

  it('moves the outbound watermark to the horizon read first, only when no look-up came back full', async () => {
    const full = setUp(
      { readCaseChanges: noChanges, addComment: async () => ({ crmId: 'c', created: true }) },
      [],
      Array.from({ length: 10 }, (_, i) => post(i)),
    );
    await full.sync.execute({ name: 'sf' });
    // A full batch may have left posts behind: the bound stays where it was.
    expect(full.repo.writes.filter((w) => w.startsWith('watermark'))).toEqual([]);

    const short = setUp(
      { readCaseChanges: noChanges, addComment: async () => ({ crmId: 'c', created: true }) },
      [],
      Array.from({ length: 9 }, (_, i) => post(i)),
    );
    await short.sync.execute({ name: 'sf' });
    expect(short.repo.writes.slice(-2)).toEqual(['watermark 2026-03-01T11:59:58.000Z', 'success']);
  });

  it('ends the pass on an unavailable CRM: applied reads keep their cursor, the failed write stays unmarked', async () => {
    const { sync, repo } = setUp({
      readCaseChanges: noChanges,
      addComment: async () => {
        throw new CrmUnavailableError('salesforce', 'SERVER_UNAVAILABLE', 'down', 30_000);
      },
    });

    await expect(sync.execute({ name: 'sf' })).rejects.toBeInstanceOf(CrmUnavailableError);
    expect(repo.writes).toEqual(['cursor c-1']);
  });

  it('resolves a linked case the CRM resolved through ResolveCaseFromCrm, then stores the cursor', async () => {
    const linked: CrmLinkedCase = {
      caseId: 'case-1',
      caseNumber: 'CS-000001',
      importedCrmCaseId: '500000000000001AAA',
      status: 'open',
      resolvedAt: null,
      link: {
        crmCaseId: '500000000000001AAA',
        syncedStatus: 'open',
        syncedAt: new Date('2026-03-01T11:00:00Z'),
        crmSeenAt: new Date('2026-03-01T11:00:00Z'),
      },
    };
    const { sync, repo, resolved } = setUp(
      {
        readCaseChanges: async () => ({ changes: [change()], cursor: 'c-2', hasMore: false }),
      },
      [linked],
      [],
    );

    const result = await sync.execute({ name: 'sf' });

    expect(resolved).toEqual(['case-1']);
    expect(result?.inbound).toMatchObject({ applied: 1, resolvedHere: 1, conflicts: 0 });
    expect(repo.writes).toEqual([
      'synced case-1 resolved',
      'cursor c-2',
      'watermark 2026-03-01T11:59:58.000Z',
      'success',
    ]);
  });

  it('skips a change not newer than the last one applied to its case (a re-read)', async () => {
    const seen = new Date('2026-03-01T11:59:30Z');
    const { sync, resolved, repo } = setUp(
      { readCaseChanges: async () => ({ changes: [change()], cursor: 'c-2', hasMore: false }) },
      [
        {
          caseId: 'case-1',
          caseNumber: 'CS-000001',
          importedCrmCaseId: null,
          status: 'open',
          resolvedAt: null,
          link: {
            crmCaseId: '500000000000001AAA',
            syncedStatus: 'open',
            syncedAt: seen,
            crmSeenAt: seen,
          },
        },
      ],
      [],
    );

    await sync.execute({ name: 'sf' });

    expect(resolved).toEqual([]);
    expect(repo.writes).toEqual(['cursor c-2', 'watermark 2026-03-01T11:59:58.000Z', 'success']);
  });

  it('a stopped pass keeps the old cursor of a read it did not finish', async () => {
    const stop = new AbortController();
    const { sync, repo } = setUp(
      {
        readCaseChanges: async () => {
          stop.abort();
          return { changes: [change()], cursor: 'c-2', hasMore: false };
        },
      },
      [],
      [],
    );

    await sync.execute({ name: 'sf', signal: stop.signal });

    expect(repo.writes).toEqual([]);
  });

  it('does nothing for a paused connector', async () => {
    const repo = fakeRepo(connectorRow({ state: 'paused' }), [], []);
    const sync = new SyncCrmConnector(
      repo as unknown as CrmConnectorRepository,
      repo as unknown as CrmCaseLinkRepository,
      repo as unknown as CrmOutboundRepository,
      repo as unknown as CrmSyncReportRepository,
      {
        for: () => {
          throw new Error('not built for a paused connector');
        },
      },
      { execute: async () => ({}) as never },
      { execute: async () => true },
      { phoneDefaultCountry: async () => 'US' },
      new ManualClock(NOW),
      {} as ApiSettings,
    );
    expect(await sync.execute({ name: 'sf' })).toBeNull();
    expect(repo.writes).toEqual([]);
  });
});
