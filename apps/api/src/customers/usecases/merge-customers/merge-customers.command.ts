import type { Principal } from '@scb/auth';

/** Fold customer `fromId` (usually a persona) into `intoId`; `reason` is kept as the evidence. */
export interface MergeCustomersCommand {
  actor: Principal;
  fromId: string;
  intoId: string;
  reason: string;
}
