import type { Principal } from '@scb/auth';

/** An agent's decision on a claimed identity of customer `customerId`. */
export interface DecideIdentityClaimCommand {
  customerId: string;
  identityId: string;
  /** confirm: the claim is true (proven, source agent); detach: it is not (no longer theirs). */
  decision: 'confirm' | 'detach';
  actor: Principal;
}
