import type { CrmCaseRecord, CrmCustomerRecord } from '../domain/crm-records';
import { socialHandleFromValue } from '../domain/social-handle';

/** A record as the REST API returns it (`attributes` plus the selected fields). */
export type SfRecord = Record<string, unknown>;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const unique = (values: Array<string | null>) => [
  ...new Set(values.filter((v): v is string => v !== null)),
];

/** A `Contact` (with `Account.AccountNumber` and the configured handle fields) as a customer. */
export function contactToCustomer(
  r: SfRecord,
  handleFields: ReadonlyArray<{ platform: string; field: string }>,
): CrmCustomerRecord {
  const account = r.Account as SfRecord | null | undefined;
  return {
    crmId: String(r.Id),
    displayName: text(r.Name),
    emails: unique([text(r.Email)?.toLowerCase() ?? null]),
    phones: unique([text(r.Phone), text(r.MobilePhone)]),
    handles: handleFields.flatMap((h) => {
      const value = text(r[h.field]);
      return value ? [socialHandleFromValue(h.platform, value)] : [];
    }),
    accountNumbers: unique([text(account?.AccountNumber)]),
    updatedAt: new Date(String(r.SystemModstamp)),
  };
}

/** A `Case` as a case record; `IsClosed` decides our status, whatever the `Status` value. */
export function caseToRecord(r: SfRecord, externalIdField: string): CrmCaseRecord {
  const closed = text(r.ClosedDate);
  return {
    crmCaseId: String(r.Id),
    crmCaseNumber: String(r.CaseNumber),
    externalId: text(r[externalIdField]),
    customerCrmId: text(r.ContactId),
    subject: text(r.Subject),
    status: r.IsClosed === true ? 'resolved' : 'open',
    crmStatus: String(r.Status),
    crmPriority: text(r.Priority),
    category: text(r.Type),
    updatedAt: new Date(String(r.SystemModstamp)),
    closedAt: closed ? new Date(closed) : null,
  };
}
