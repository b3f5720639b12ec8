import type {
  CaseStatus,
  CrmCaseRecord,
  CrmChangeBatch,
  CrmCustomerRecord,
  CrmPage,
  CrmSystem,
  CrmWriteResult,
  NewCrmCase,
  NewCrmComment,
} from './crm-records';

/**
 * One CRM of record, read and written through the same operations whatever the vendor.
 *
 * Errors: every method throws `CrmRefusedError` when the CRM refused this one record for its data
 * (dead-letter it with the reason, do not retry), `CrmUnavailableError` when the CRM could not
 * answer now (outage, rate limit that outlasted the retries: retry later, nothing was written) and
 * `CrmAuthError` when the credentials were refused (pause the connector until an admin fixes them).
 * Transient failures are retried inside the adapter first, with backoff and jitter.
 */
export interface CrmConnector {
  readonly system: CrmSystem;

  /** Customers of record with their emails, phones, social handles and account numbers, a page at a time. */
  listCustomers(page: string | null): Promise<CrmPage<CrmCustomerRecord>>;

  /** One customer by the CRM's id, or null when the CRM has none. */
  getCustomer(crmId: string): Promise<CrmCustomerRecord | null>;

  /** Open cases and cases closed at or after `closedSince`, a page at a time. */
  listCases(closedSince: Date, page: string | null): Promise<CrmPage<CrmCaseRecord>>;

  /**
   * Cases changed since `cursor` (null: from the connector's configured start). Reading from the
   * same cursor again returns at least the same changes: at-least-once, never a gap.
   */
  readCaseChanges(cursor: string | null): Promise<CrmChangeBatch>;

  /** Creates the case, or updates the one already carrying `externalId`: a retry never duplicates. */
  upsertCase(newCase: NewCrmCase): Promise<CrmWriteResult>;

  /** Adds a comment to a case once per `comment.externalId`: a retry returns the first one. */
  addComment(crmCaseId: string, comment: NewCrmComment): Promise<CrmWriteResult>;

  /** Sets the case's status (mapped to the CRM's configured value); setting the current one is a no-op. */
  setCaseStatus(crmCaseId: string, status: CaseStatus): Promise<void>;
}

/** The CRM refused this record for its content; `code` and `reason` are the CRM's own words. */
export class CrmRefusedError extends Error {
  constructor(
    readonly system: CrmSystem,
    readonly code: string,
    readonly reason: string,
    /** The HTTP status when the refusal came from the CRM, null when the adapter refused first. */
    readonly status: number | null,
  ) {
    super(`${system} refused the record (${status ?? 'before sending'} ${code}): ${reason}`);
    this.name = 'CrmRefusedError';
  }
}

/** The CRM could not answer now; nothing was written. `retryAfterMs` when the CRM said how long. */
export class CrmUnavailableError extends Error {
  constructor(
    readonly system: CrmSystem,
    readonly code: string,
    readonly reason: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${system} unavailable (${code}): ${reason}`);
    this.name = 'CrmUnavailableError';
  }
}

/** The CRM refused our credentials (expired secret, revoked app): an admin must act. */
export class CrmAuthError extends Error {
  constructor(
    readonly system: CrmSystem,
    readonly reason: string,
  ) {
    super(`${system} refused the credentials: ${reason}`);
    this.name = 'CrmAuthError';
  }
}
