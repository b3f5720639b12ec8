import type { CaseSlaState } from '@scb/cases';

/** `GET /v1/cases` query, as validated by the controller (strings not yet normalised). */
export interface SearchCasesCommand {
  /** Free text over post texts and customer names. */
  q?: string;
  caseNumber?: string;
  customerId?: string;
  /** Any format a person types: `(312) 532-2341`, `+1 312 532 2341`, `3125322341`. */
  phone?: string;
  handle?: string;
  email?: string;
  crmId?: string;
  status?: 'open' | 'resolved';
  queue?: string;
  /** The channel the case came in on. */
  channel?: 'phone' | 'social';
  /** The SLA state of the case's active work item. */
  sla?: CaseSlaState;
  /** The agent the case's active work item is assigned to (uuid). */
  agentId?: string;
  /** `-updatedAt`, `priority,-createdAt`, ... */
  sort?: string;
  limit: number;
  offset: number;
}
