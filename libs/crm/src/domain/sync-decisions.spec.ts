import { CrmCustomerSchema } from '@scb/contracts';
import {
  DEFAULT_FIELD_OWNERSHIP,
  commentForNote,
  commentForPost,
  decideLinkedStatus,
  importRecordFor,
  newCrmCaseFor,
  syncBackoffMs,
  type CrmCaseRecord,
  type FieldOwnership,
} from '@scb/crm';

const at = (iso: string) => new Date(`2026-03-01T${iso}Z`);
const crmCase = (overrides: Partial<CrmCaseRecord> = {}): CrmCaseRecord => ({
  crmCaseId: '500000000000001AAA',
  crmCaseNumber: '00001001',
  externalId: null,
  customerCrmId: '003000000000001AAA',
  subject: 'Router drops',
  status: 'open',
  crmStatus: 'New',
  crmPriority: 'Medium',
  category: null,
  updatedAt: at('10:00:00'),
  closedAt: null,
  ...overrides,
});

describe('CRM sync decisions', () => {
  it("writes an agent's note as a non-public comment keyed by note:<id>, headed by its author, linking our case", () => {
    expect(
      commentForNote({
        noteId: '0b7e7c1e-5d0c-4a53-9a57-2f1c3b0d9e11',
        authorName: 'Dana Agent',
        body: 'Called back, router replaced',
        caseNumber: 'CS-000042',
      }),
    ).toEqual({
      externalId: 'note:0b7e7c1e-5d0c-4a53-9a57-2f1c3b0d9e11',
      kind: 'note',
      body: 'Note by Dana Agent on CS-000042:\nCalled back, router replaced',
      link: 'scb:case/CS-000042',
      public: false,
    });
  });

  it('writes a customer mention as an internal comment keyed by platform:postId, linking the post', () => {
    expect(
      commentForPost({
        platform: 'x',
        externalId: '1790000000000000001',
        direction: 'inbound',
        text: 'my router keeps dropping',
        authorHandle: 'analee',
        url: 'https://x.com/analee/status/1790000000000000001',
        caseNumber: 'CS-000001',
      }),
    ).toEqual({
      externalId: 'x:1790000000000000001',
      kind: 'mention',
      body: '@analee on X:\nmy router keeps dropping',
      link: 'https://x.com/analee/status/1790000000000000001',
      public: false,
    });
  });

  it('writes a brand reply as a reply comment, linking our case when the post has no URL', () => {
    const comment = commentForPost({
      platform: 'facebook',
      externalId: '123_456',
      direction: 'outbound',
      text: 'We are on it',
      authorHandle: null,
      url: null,
      caseNumber: 'CS-000002',
    });
    expect(comment).toMatchObject({ kind: 'reply', externalId: 'facebook:123_456' });
    expect(comment.link).toBe('scb:case/CS-000002');
    expect(comment.body).toBe('Our reply on Facebook (as someone):\nWe are on it');
  });

  it('opens a CRM case under our case number with the first post as description', () => {
    expect(
      newCrmCaseFor({
        caseNumber: 'CS-000123',
        status: 'open',
        priority: 2,
        category: 'billing',
        customerCrmId: null,
        customerName: null,
        firstText: 'charged twice',
        firstPlatform: 'x',
        firstHandle: '@bo',
      }),
    ).toEqual({
      externalId: 'CS-000123',
      customerCrmId: null,
      customerName: '@bo',
      subject: 'CS-000123: X contact from @bo',
      description: 'charged twice',
      status: 'open',
      priority: 2,
      category: 'billing',
    });
  });

  it('maps a CRM customer and its cases onto the CRM import layout, handles without a user id kept (bound on first post), unknown platforms left out', () => {
    const record = importRecordFor(
      {
        crmId: 'c-1',
        displayName: 'Ana Lee',
        emails: ['ana@example.com'],
        phones: ['+1 415 555 2671'],
        handles: [
          { platform: 'x', handle: 'analee', externalUserId: null },
          { platform: 'x', handle: null, externalUserId: '115887' },
          { platform: 'myspace', handle: null, externalUserId: '9' },
          { platform: 'instagram', handle: ' @ ', externalUserId: null },
        ],
        accountNumbers: ['AC-1'],
        updatedAt: at('09:00:00'),
      },
      [crmCase(), crmCase({ crmCaseId: 'k-2', status: 'resolved', closedAt: at('09:30:00') })],
    );
    expect(CrmCustomerSchema.parse(record)).toEqual(record);
    expect(record.identities).toEqual([
      { platform: 'x', externalUserId: null, handle: 'analee' },
      { platform: 'x', externalUserId: '115887', handle: null },
    ]);
    expect(record.identifiers).toEqual([
      { kind: 'email', value: 'ana@example.com' },
      { kind: 'phone', value: '+1 415 555 2671' },
      { kind: 'account', value: 'AC-1' },
    ]);
    expect(record.cases.map((k) => [k.crmCaseId, k.status, k.resolvedAt])).toEqual([
      ['500000000000001AAA', 'open', null],
      ['k-2', 'resolved', '2026-03-01T09:30:00.000Z'],
    ]);
  });

  describe('status of a linked case', () => {
    const synced = { status: 'open' as const, syncedAt: at('10:00:00') };

    it('resolves ours when the CRM resolved the case and we did not move', () => {
      const decision = decideLinkedStatus(
        { status: 'open', resolvedAt: null, synced },
        crmCase({ status: 'resolved', closedAt: at('10:05:00') }),
        DEFAULT_FIELD_OWNERSHIP,
      );
      expect(decision).toEqual({
        status: 'resolved',
        writeToScb: true,
        writeToCrm: false,
        conflict: null,
      });
    });

    it('writes our resolution to the CRM on the outbound pass (CRM taken as unchanged)', () => {
      const decision = decideLinkedStatus(
        { status: 'resolved', resolvedAt: at('10:02:00'), synced },
        null,
        DEFAULT_FIELD_OWNERSHIP,
      );
      expect(decision).toMatchObject({ status: 'resolved', writeToCrm: true, writeToScb: false });
    });

    it('keeps the case open on a conflict under open-wins and reports it', () => {
      const decision = decideLinkedStatus(
        {
          status: 'open',
          resolvedAt: null,
          synced: { status: 'resolved', syncedAt: at('10:00:00') },
        },
        crmCase({ status: 'resolved', closedAt: at('10:00:00') }),
        DEFAULT_FIELD_OWNERSHIP,
      );
      // We reopened, the CRM still holds resolved: only ours changed, so it is copied.
      expect(decision).toMatchObject({ status: 'open', writeToCrm: true, conflict: null });

      const both = decideLinkedStatus(
        {
          status: 'open',
          resolvedAt: null,
          synced: { status: 'resolved', syncedAt: at('10:00:00') },
        },
        crmCase({ status: 'resolved', closedAt: at('10:03:00') }),
        DEFAULT_FIELD_OWNERSHIP,
      );
      // The CRM reopened and closed again after the sync while we reopened: a conflict.
      expect(both).toMatchObject({
        status: 'open',
        writeToScb: false,
        writeToCrm: true,
        conflict: { ours: 'open', theirs: 'resolved', rule: 'open-wins', winner: 'scb' },
      });
    });

    it('does not take a CRM edit of another field for a status change', () => {
      const decision = decideLinkedStatus(
        { status: 'resolved', resolvedAt: at('10:04:00'), synced },
        crmCase({ status: 'open', updatedAt: at('10:06:00') }),
        DEFAULT_FIELD_OWNERSHIP,
      );
      expect(decision).toMatchObject({ status: 'resolved', writeToCrm: true, conflict: null });
    });

    it('restores the CRM status here when the CRM owns the status', () => {
      const crmOwns: FieldOwnership = {
        ...DEFAULT_FIELD_OWNERSHIP,
        fields: { ...DEFAULT_FIELD_OWNERSHIP.fields, 'case.status': 'crm' },
      };
      const decision = decideLinkedStatus(
        { status: 'resolved', resolvedAt: at('10:04:00'), synced },
        null,
        crmOwns,
      );
      expect(decision).toMatchObject({ status: 'open', writeToScb: true, writeToCrm: false });
    });
  });

  it('backs off exponentially, honouring the CRM retry-after, within the cap', () => {
    expect(syncBackoffMs(0, null, 1_000, 60_000)).toBe(0);
    expect([1, 2, 3, 10].map((n) => syncBackoffMs(n, null, 1_000, 60_000))).toEqual([
      1_000, 2_000, 4_000, 60_000,
    ]);
    expect(syncBackoffMs(1, 30_000, 1_000, 60_000)).toBe(30_000);
    expect(syncBackoffMs(1, 600_000, 1_000, 60_000)).toBe(60_000);
  });
});
