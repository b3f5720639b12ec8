import {
  DEFAULT_FIELD_OWNERSHIP,
  type FieldOwnership,
  type StatusConflictRule,
} from './field-ownership';
import { resolveCaseStatus } from './status-conflict';

const synced = { status: 'open' as const, syncedAt: new Date('2026-03-01T10:00:00Z') };
const at = (minutes: number) => new Date(Date.parse('2026-03-01T10:00:00Z') + minutes * 60_000);
const rule = (statusConflict: StatusConflictRule): FieldOwnership => ({
  ...DEFAULT_FIELD_OWNERSHIP,
  statusConflict,
});

describe('resolveCaseStatus', () => {
  it('does nothing when neither side changed', () => {
    expect(
      resolveCaseStatus(
        synced,
        { status: 'open', changedAt: null },
        { status: 'open', changedAt: at(-5) },
        DEFAULT_FIELD_OWNERSHIP,
      ),
    ).toEqual({ status: 'open', writeToScb: false, writeToCrm: false, conflict: null });
  });

  it('copies a change made on one side only', () => {
    expect(
      resolveCaseStatus(
        synced,
        { status: 'open', changedAt: null },
        { status: 'resolved', changedAt: at(3) },
        DEFAULT_FIELD_OWNERSHIP,
      ),
    ).toEqual({ status: 'resolved', writeToScb: true, writeToCrm: false, conflict: null });
    expect(
      resolveCaseStatus(
        synced,
        { status: 'resolved', changedAt: null },
        { status: 'open', changedAt: null },
        DEFAULT_FIELD_OWNERSHIP,
      ),
    ).toEqual({ status: 'resolved', writeToScb: false, writeToCrm: true, conflict: null });
  });

  it('is no conflict when both moved to the same status', () => {
    expect(
      resolveCaseStatus(
        synced,
        { status: 'resolved', changedAt: at(1) },
        { status: 'resolved', changedAt: at(2) },
        DEFAULT_FIELD_OWNERSHIP,
      ),
    ).toEqual({ status: 'resolved', writeToScb: false, writeToCrm: false, conflict: null });
  });

  // Resolved in the CRM while a new post reopened it here (resolved → open counts as a change).
  const ours = { status: 'open' as const, changedAt: at(4) };
  const theirs = { status: 'resolved' as const, changedAt: at(6) };

  it.each([
    ['open-wins', 'open', 'scb'],
    ['crm-wins', 'resolved', 'crm'],
    ['scb-wins', 'open', 'scb'],
    ['latest-wins', 'resolved', 'crm'],
  ] as const)('a conflict under %s ends %s, recorded with the winner', (name, status, winner) => {
    const result = resolveCaseStatus(synced, ours, theirs, rule(name));
    expect(result.status).toBe(status);
    expect(result.writeToScb).toBe(status !== 'open');
    expect(result.writeToCrm).toBe(status !== 'resolved');
    expect(result.conflict).toMatchObject({ ours: 'open', theirs: 'resolved', rule: name, winner });
    expect(result.conflict?.why).toEqual(expect.any(String));
  });

  it('latest-wins falls back to open when a time is missing or equal', () => {
    const resolvedHere = { status: 'resolved' as const, changedAt: at(5) };
    // Equal times: open wins whichever side holds it.
    expect(
      resolveCaseStatus(
        synced,
        { status: 'open', changedAt: at(5) },
        { status: 'resolved', changedAt: at(5) },
        rule('latest-wins'),
      ),
    ).toMatchObject({ status: 'open', conflict: { winner: 'scb' } });
    const base = { status: 'open' as const, syncedAt: at(0) };
    const reopened = { status: 'open' as const, changedAt: at(5) };
    expect(resolveCaseStatus(base, resolvedHere, reopened, rule('latest-wins'))).toMatchObject({
      status: 'open',
      conflict: { winner: 'crm' },
    });
    expect(
      resolveCaseStatus(
        base,
        { status: 'resolved', changedAt: null },
        reopened,
        rule('latest-wins'),
      ),
    ).toMatchObject({ status: 'open', conflict: { winner: 'crm' } });
  });

  it('restores the owner status when the status is not shared', () => {
    const crmOwned: FieldOwnership = {
      ...DEFAULT_FIELD_OWNERSHIP,
      fields: { ...DEFAULT_FIELD_OWNERSHIP.fields, 'case.status': 'crm' },
    };
    expect(resolveCaseStatus(synced, ours, theirs, crmOwned)).toEqual({
      status: 'resolved',
      writeToScb: true,
      writeToCrm: false,
      conflict: null,
    });
    const scbOwned: FieldOwnership = {
      ...DEFAULT_FIELD_OWNERSHIP,
      fields: { ...DEFAULT_FIELD_OWNERSHIP.fields, 'case.status': 'scb' },
    };
    expect(resolveCaseStatus(synced, ours, theirs, scbOwned)).toEqual({
      status: 'open',
      writeToScb: false,
      writeToCrm: true,
      conflict: null,
    });
  });
});
