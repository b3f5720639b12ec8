import type { CrmCustomer } from '@scb/contracts';
import type {
  CaseStatus,
  CrmCaseRecord,
  CrmCustomerRecord,
  NewCrmCase,
  NewCrmComment,
} from './crm-records';
import type { FieldOwnership } from './field-ownership';
import { resolveCaseStatus, type StatusResolution, type SyncedStatus } from './status-conflict';

/** A post (customer mention or brand reply) stored on one of our cases, as the sync sends it. */
export interface PostToComment {
  platform: string;
  externalId: string;
  direction: 'inbound' | 'outbound';
  text: string;
  authorHandle: string | null;
  /** The post's URL on its platform, when known. */
  url: string | null;
  caseNumber: string;
}

/**
 * The CRM comment for a post: a customer's mention or our brand's reply, with the author and
 * a link back (the post's URL, else our case). `externalId` is `platform:postId`, which makes
 * the write idempotent (the connector's comment marker). Internal (not public): the customer
 * already saw their post, the CRM's portal should not repeat it.
 */
export function commentForPost(post: PostToComment): NewCrmComment {
  const who = post.authorHandle ? `@${post.authorHandle.replace(/^@/, '')}` : 'someone';
  const where = PLATFORM_NAMES[post.platform] ?? post.platform;
  const heading =
    post.direction === 'inbound' ? `${who} on ${where}:` : `Our reply on ${where} (as ${who}):`;
  return {
    externalId: `${post.platform}:${post.externalId}`,
    kind: post.direction === 'inbound' ? 'mention' : 'reply',
    body: `${heading}\n${post.text}`,
    link: post.url ?? `scb:case/${post.caseNumber}`,
    public: false,
  };
}

/** An agent's internal note on one of our cases, as the sync sends it. */
export interface NoteToComment {
  /** `case_notes.id` (a uuid). */
  noteId: string;
  /** The author's name as stored with the note (a user's or an API key's). */
  authorName: string;
  body: string;
  caseNumber: string;
}

/**
 * The CRM comment for an agent's note: never public (a note is internal: the CRM's portal must
 * not show it to the customer), headed by its author, linking back to our case. `externalId` is
 * `note:<noteId>`, which makes the write idempotent (the connector's comment marker).
 */
export function commentForNote(note: NoteToComment): NewCrmComment {
  return {
    externalId: `note:${note.noteId}`,
    kind: 'note',
    body: `Note by ${note.authorName} on ${note.caseNumber}:\n${note.body}`,
    link: `scb:case/${note.caseNumber}`,
    public: false,
  };
}

const PLATFORM_NAMES: Record<string, string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

/** A case opened here, as the sync opens it in the CRM. */
export interface CaseToOpen {
  caseNumber: string;
  status: CaseStatus;
  priority: number;
  category: string | null;
  customerCrmId: string | null;
  customerName: string | null;
  firstText: string | null;
  firstPlatform: string | null;
  firstHandle: string | null;
}

/**
 * The CRM case for one of ours: external id = our case number (idempotent upsert), a subject
 * naming the channel and the customer, the first post as description (its comment follows too).
 */
export function newCrmCaseFor(c: CaseToOpen): NewCrmCase {
  const where = c.firstPlatform ? (PLATFORM_NAMES[c.firstPlatform] ?? c.firstPlatform) : 'social';
  const who = c.firstHandle ? ` from @${c.firstHandle.replace(/^@/, '')}` : '';
  return {
    externalId: c.caseNumber,
    customerCrmId: c.customerCrmId,
    customerName: c.customerName ?? (c.firstHandle ? `@${c.firstHandle.replace(/^@/, '')}` : null),
    subject: `${c.caseNumber}: ${where} contact${who}`.slice(0, 255),
    description: c.firstText ?? `Opened by Social Case Bridge as ${c.caseNumber}`,
    status: c.status,
    priority: c.priority,
    category: c.category,
  };
}

/** Identity platforms our matcher knows (`customer_identities.platform`). */
const IMPORTABLE_PLATFORMS = new Set(['x', 'facebook', 'instagram']);

/**
 * The CRM customer with the given cases, in the CRM import's layout (`CrmCustomer`), so the
 * import path that creates customers, identities, identifiers and cases is the one used.
 * A handle the CRM holds without the platform's user id is kept as a handle-only identity: the
 * import stores it under the handle and the matcher binds the user id when the account first
 * posts (docs/identity.md, "CRM accounts known only by handle"). Platforms we do not ingest are
 * left out.
 */
export function importRecordFor(customer: CrmCustomerRecord, cases: CrmCaseRecord[]): CrmCustomer {
  return {
    crmId: customer.crmId,
    displayName: customer.displayName,
    tier: 'standard',
    identities: customer.handles.flatMap((h) =>
      (h.externalUserId || h.handle?.trim().replace(/^@/, '').trim()) &&
      IMPORTABLE_PLATFORMS.has(h.platform)
        ? [
            {
              platform: h.platform as CrmCustomer['identities'][number]['platform'],
              externalUserId: h.externalUserId || null,
              handle: h.handle,
            },
          ]
        : [],
    ),
    identifiers: [
      ...customer.emails.map((value) => ({ kind: 'email' as const, value })),
      ...customer.phones.map((value) => ({ kind: 'phone' as const, value })),
      ...customer.accountNumbers.map((value) => ({ kind: 'account' as const, value })),
    ],
    cases: cases.map((k) => ({
      crmCaseId: k.crmCaseId,
      status: k.status,
      category: k.category,
      priority: 3,
      resolvedAt: k.status === 'resolved' ? (k.closedAt ?? k.updatedAt).toISOString() : null,
    })),
  };
}

/** Our side of a linked case, with the status both sides held at its last sync. */
export interface LinkedCaseState {
  status: CaseStatus;
  resolvedAt: Date | null;
  synced: SyncedStatus;
}

/**
 * The status decision for one linked case. `theirs` is the CRM's current case (from a change
 * read), or null when only our side is known to have moved (the outbound pass): the CRM is then
 * taken as still holding the synced status. The CRM's status-change time is its `closedAt` when
 * resolved (`updatedAt` covers any field, so it is not a status change); ours is `resolvedAt`.
 */
export function decideLinkedStatus(
  ours: LinkedCaseState,
  theirs: CrmCaseRecord | null,
  ownership: FieldOwnership,
): StatusResolution {
  return resolveCaseStatus(
    ours.synced,
    { status: ours.status, changedAt: ours.status === 'resolved' ? ours.resolvedAt : null },
    theirs
      ? { status: theirs.status, changedAt: theirs.status === 'resolved' ? theirs.closedAt : null }
      : { status: ours.synced.status, changedAt: null },
    ownership,
  );
}

/**
 * How long a connector's loop waits after `failures` failed passes in a row: the CRM's own
 * `retryAfterMs` when it said, else exponential from `baseMs` (doubling), capped at `maxMs`.
 */
export function syncBackoffMs(
  failures: number,
  retryAfterMs: number | null,
  baseMs: number,
  maxMs: number,
): number {
  if (failures <= 0) return 0;
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return retryAfterMs === null ? exponential : Math.min(maxMs, Math.max(retryAfterMs, baseMs));
}
