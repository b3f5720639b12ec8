/**
 * Plain records exchanged with a CRM through `CrmConnector`. Times are `Date`s in UTC; ids are
 * the CRM's own, as strings (Zendesk's numeric ids included, so they never lose precision).
 */

/** Which CRM a connector speaks to. */
export type CrmSystem = 'salesforce' | 'zendesk';

/**
 * Our two-valued case status (`cases.status`). Each adapter maps its CRM's richer states onto it
 * (Salesforce: `IsClosed`; Zendesk: `solved` and `closed` are resolved) and keeps the raw state in
 * `crmStatus`.
 */
export type CaseStatus = 'open' | 'resolved';

/** A social identity the CRM holds for a customer (a handle, a platform user id, or both). */
export interface CrmSocialHandle {
  /** `x`, `facebook`, `instagram`, as in `SocialMention.platform`. */
  platform: string;
  /** The handle without `@`, when the CRM stores one. */
  handle: string | null;
  /** The platform's numeric user id, when the CRM stores one. */
  externalUserId: string | null;
}

/** A customer of record: a Salesforce Contact (with its Account) or a Zendesk end user. */
export interface CrmCustomerRecord {
  crmId: string;
  displayName: string | null;
  /** Lower-cased, de-duplicated. */
  emails: string[];
  /** As the CRM stores them; normalizing to E.164 is the importer's job (it knows the country). */
  phones: string[];
  handles: CrmSocialHandle[];
  accountNumbers: string[];
  updatedAt: Date;
}

/** A case (Salesforce Case, Zendesk ticket) as read from the CRM. */
export interface CrmCaseRecord {
  crmCaseId: string;
  /** The CRM's human number (Salesforce `CaseNumber`; Zendesk's ticket id). */
  crmCaseNumber: string;
  /** Our external id when the case was opened by us (`upsertCase`), else null. */
  externalId: string | null;
  /** The customer's `crmId`, when the case has one. */
  customerCrmId: string | null;
  subject: string | null;
  status: CaseStatus;
  /** The CRM's own status value (`Working`, `pending`, ...). */
  crmStatus: string;
  /** The CRM's priority as it names it (`High`, `urgent`, ...), or null. */
  crmPriority: string | null;
  category: string | null;
  /** When the CRM last changed the record (Salesforce `SystemModstamp`, Zendesk `updated_at`). */
  updatedAt: Date;
  /** When it was closed, when the CRM says (Salesforce `ClosedDate`); null when open or unknown. */
  closedAt: Date | null;
}

/** One page of a listing; `next` is an opaque token for the following page, null at the end. */
export interface CrmPage<T> {
  items: T[];
  next: string | null;
}

/**
 * One read of case changes. `cursor` is opaque and must be stored (a checkpoint) only after the
 * changes were applied; reading again from an older cursor repeats changes, never skips them.
 * Changes are whole case states, so applying one twice is harmless. `hasMore` says another read
 * right away would return more.
 */
export interface CrmChangeBatch {
  changes: CrmCaseRecord[];
  cursor: string;
  hasMore: boolean;
}

/** A case we open in the CRM. `externalId` is ours (e.g. `CS-000123`) and makes the write idempotent. */
export interface NewCrmCase {
  externalId: string;
  customerCrmId: string | null;
  /**
   * Who the customer is when the CRM does not know them (`customerCrmId` null): a CRM that needs
   * a requester on every case (Zendesk) creates one by this name. Ignored otherwise.
   */
  customerName?: string | null;
  subject: string;
  description: string;
  status: CaseStatus;
  /** Ours: 1 (highest) to 5; each adapter maps it to the CRM's scale. */
  priority: number;
  category: string | null;
}

/** What a comment records: a customer's social post, our brand's reply, or an agent's note. */
export type CrmCommentKind = 'mention' | 'reply' | 'note';

/**
 * A comment written on a CRM case. `externalId` is ours (the interaction's `platform:externalId`
 * or the note's id) and makes the write idempotent; `link` points back to the post or to our case.
 */
export interface NewCrmComment {
  externalId: string;
  kind: CrmCommentKind;
  body: string;
  link: string;
  /** Visible to the customer in the CRM's portal (Salesforce `IsPublished`, Zendesk `public`). */
  public: boolean;
}

/** The result of an idempotent write: the CRM's id and whether this call created the record. */
export interface CrmWriteResult {
  crmId: string;
  created: boolean;
}
