import type { CaseStatus, CrmCaseRecord, CrmCustomerRecord } from '../domain/crm-records';
import { socialHandleFromValue } from '../domain/social-handle';

/** A user as `/api/v2/users` returns it (the fields we read). */
export interface ZdUser {
  id: number;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  role?: string;
  user_fields?: Record<string, unknown> | null;
  updated_at: string;
}

/** A user identity (`/users/{id}/identities`, or side-loaded with `include=identities`). */
export interface ZdIdentity {
  user_id: number;
  type: string;
  value: string;
}

/** A ticket as `/tickets` and the incremental export return it (the fields we read). */
export interface ZdTicket {
  id: number;
  subject?: string | null;
  status: string;
  priority?: string | null;
  type?: string | null;
  requester_id?: number | null;
  external_id?: string | null;
  updated_at: string;
}

/** Zendesk identity types that are social identities, and our platform names for them. */
const SOCIAL_IDENTITIES: Record<string, string> = { twitter: 'x', facebook: 'facebook' };

const unique = (values: Array<string | null | undefined>) => [
  ...new Set(
    values
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .map((v) => v.trim()),
  ),
];

/** An end user with their identities (emails, phones, X and Facebook) and account number field. */
export function userToCustomer(
  user: ZdUser,
  identities: ZdIdentity[],
  accountNumberField: string | null,
): CrmCustomerRecord {
  const account = accountNumberField ? user.user_fields?.[accountNumberField] : null;
  const ofType = (type: string) => identities.filter((i) => i.type === type).map((i) => i.value);
  return {
    crmId: String(user.id),
    displayName: user.name?.trim() || null,
    emails: unique([user.email, ...ofType('email')].map((e) => e?.toLowerCase())),
    phones: unique([user.phone, ...ofType('phone_number')]),
    handles: identities.flatMap((i) => {
      const platform = SOCIAL_IDENTITIES[i.type];
      return platform ? [socialHandleFromValue(platform, i.value)] : [];
    }),
    accountNumbers: unique([
      typeof account === 'string' || typeof account === 'number' ? String(account) : null,
    ]),
    updatedAt: new Date(user.updated_at),
  };
}

/** `solved` and `closed` are resolved; `new`, `open`, `pending` and `hold` are open. */
export function ticketStatus(status: string): CaseStatus {
  return status === 'solved' || status === 'closed' ? 'resolved' : 'open';
}

export function ticketToRecord(t: ZdTicket): CrmCaseRecord {
  return {
    crmCaseId: String(t.id),
    crmCaseNumber: String(t.id),
    externalId: t.external_id ?? null,
    customerCrmId: t.requester_id != null ? String(t.requester_id) : null,
    subject: t.subject ?? null,
    status: ticketStatus(t.status),
    crmStatus: t.status,
    crmPriority: t.priority ?? null,
    category: t.type ?? null,
    updatedAt: new Date(t.updated_at),
    // A ticket does not carry its solve time (ticket metrics do).
    closedAt: null,
  };
}
