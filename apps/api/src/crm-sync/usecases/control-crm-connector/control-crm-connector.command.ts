import type { Principal } from '@scb/auth';

/** pause: no passes until resumed; resume: running again (also after an error); full-sync: import everything. */
export type CrmConnectorAction = 'pause' | 'resume' | 'full-sync';

export interface ControlCrmConnectorCommand {
  actor: Principal;
  name: string;
  action: CrmConnectorAction;
}
