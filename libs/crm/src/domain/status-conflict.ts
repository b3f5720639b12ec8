import type { CaseStatus } from './crm-records';
import type { FieldOwnership, StatusConflictRule } from './field-ownership';

/** One side's view of a case status: the status now, and when it last changed if that side says. */
export interface StatusSide {
  status: CaseStatus;
  /** The time of the last status change, or null when the side does not report it. */
  changedAt: Date | null;
}

/** What both sides agreed on at the last sync of this case. */
export interface SyncedStatus {
  status: CaseStatus;
  syncedAt: Date;
}

/** A conflict as recorded: both values, the rule applied and who won. */
export interface StatusConflict {
  ours: CaseStatus;
  theirs: CaseStatus;
  rule: StatusConflictRule;
  winner: 'scb' | 'crm';
  why: string;
}

/**
 * The outcome for one case: the status both sides should hold, which side must be written to
 * reach it, and the conflict when there was one (to be recorded).
 */
export interface StatusResolution {
  status: CaseStatus;
  writeToScb: boolean;
  writeToCrm: boolean;
  conflict: StatusConflict | null;
}

function changed(side: StatusSide, base: SyncedStatus): boolean {
  return (
    side.status !== base.status ||
    (side.changedAt !== null && side.changedAt.getTime() > base.syncedAt.getTime())
  );
}

/**
 * Decides a case's status after each side may have changed it since the last sync.
 *
 * A side changed it when its status differs from the synced one or it reports a status change
 * after the sync (open → resolved → open is a change). One side changed: that change is copied
 * to the other, unless field ownership says that side does not own the status, in which case
 * the owner's status is restored on it. Both changed to the same status: nothing to do. Both
 * changed to different statuses: a conflict, decided by `ownership.statusConflict`:
 * - `open-wins` (default): the case stays open. Closing over the other side's reopen would bury
 *   a customer's newer contact (a phone call, a new post); reopening costs one more look.
 * - `crm-wins` / `scb-wins`: that side's status is kept.
 * - `latest-wins`: the later `changedAt` wins; when a time is missing or they tie, open wins.
 * Pure; never throws.
 */
export function resolveCaseStatus(
  base: SyncedStatus,
  ours: StatusSide,
  theirs: StatusSide,
  ownership: FieldOwnership,
): StatusResolution {
  const owner = ownership.fields['case.status'];
  const outcome = (status: CaseStatus, conflict: StatusConflict | null): StatusResolution => ({
    status,
    writeToScb: ours.status !== status,
    writeToCrm: theirs.status !== status,
    conflict,
  });
  // A side that does not own the status never changes it: the owner's value is restored.
  if (owner === 'crm') return outcome(theirs.status, null);
  if (owner === 'scb') return outcome(ours.status, null);

  const oursChanged = changed(ours, base);
  const theirsChanged = changed(theirs, base);
  if (!oursChanged && !theirsChanged) return outcome(base.status, null);
  if (oursChanged && !theirsChanged) return outcome(ours.status, null);
  if (!oursChanged && theirsChanged) return outcome(theirs.status, null);
  if (ours.status === theirs.status) return outcome(ours.status, null);

  const rule = ownership.statusConflict;
  const openSide: 'scb' | 'crm' = ours.status === 'open' ? 'scb' : 'crm';
  let winner: 'scb' | 'crm';
  let why: string;
  switch (rule) {
    case 'crm-wins':
      winner = 'crm';
      why = 'the CRM wins status conflicts';
      break;
    case 'scb-wins':
      winner = 'scb';
      why = 'Social Case Bridge wins status conflicts';
      break;
    case 'latest-wins': {
      const a = ours.changedAt?.getTime();
      const b = theirs.changedAt?.getTime();
      if (a === undefined || b === undefined || a === b) {
        winner = openSide;
        why = 'latest change wins, but a change time was missing or equal: open wins';
      } else {
        winner = a > b ? 'scb' : 'crm';
        why = 'the later status change wins';
      }
      break;
    }
    case 'open-wins':
      winner = openSide;
      why = 'open wins: a newer customer contact is never closed over';
      break;
  }
  const status = winner === 'scb' ? ours.status : theirs.status;
  return outcome(status, { ours: ours.status, theirs: theirs.status, rule, winner, why });
}
