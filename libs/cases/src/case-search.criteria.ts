/** A field cases can be sorted by, as the api names it, with the aliases clients use. */
export const CASE_SORT_KEYS = {
  lastActivityAt: 'lastActivityAt',
  updatedAt: 'lastActivityAt',
  openedAt: 'openedAt',
  createdAt: 'openedAt',
  priority: 'priority',
  caseNumber: 'caseNumber',
  relevance: 'relevance',
} as const;
export type CaseSortField = (typeof CASE_SORT_KEYS)[keyof typeof CASE_SORT_KEYS];

export interface CaseSortKey {
  field: CaseSortField;
  descending: boolean;
}

/**
 * Where the SLA of a case's active (queued or assigned) work item stands: `breached` once a
 * first-response or resolution due time has passed, `atRisk` once one is near (the router's
 * SLA clock records both as `sla_events`), `ok` while neither has happened. A case without an
 * active work item has no SLA state.
 */
export type CaseSlaState = 'ok' | 'atRisk' | 'breached';
export const CASE_SLA_STATES = [
  'ok',
  'atRisk',
  'breached',
] as const satisfies readonly CaseSlaState[];

/** The filters of a case search, normalised so they compare equal to what is stored. */
export interface CaseSearchCriteria {
  /** Upper-cased, e.g. `CS-000123`. */
  caseNumber?: string;
  customerId?: string;
  /** E.164, e.g. `+13125322341`. */
  phone?: string;
  /** Lower-cased, without a leading `@`. */
  handle?: string;
  /** Lower-cased. */
  email?: string;
  /** A customer's or a case's CRM id, as the CRM wrote it. */
  crmId?: string;
  status?: 'open' | 'resolved';
  /** The queue of the case's latest work item. */
  queue?: string;
  /** The channel the case came in on (`cases.origin_channel`). */
  channel?: 'phone' | 'social';
  /** The SLA state of the case's active (queued or assigned) work item; see {@link CaseSlaState}. */
  sla?: CaseSlaState;
  /** The agent the case's active work item is assigned to. */
  agentId?: string;
  /** Free text (web-search syntax: words, "phrases", -excluded, or). */
  text?: string;
  /** At least one key; the case id breaks ties. */
  sort: CaseSortKey[];
  limit: number;
  offset: number;
}

/** A search parameter that cannot be honoured: `field` names it, `message` says why. */
export class InvalidSearch extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses `sort` (`-updatedAt`, `priority,-createdAt`: comma-separated fields, `-` for descending)
 * into keys. Without one: by relevance when searching text, then the latest activity first.
 * @throws InvalidSearch (field `sort`) for an unknown field, a repeated one, or `relevance` without text.
 */
export function parseCaseSort(sort: string | undefined, hasText: boolean): CaseSortKey[] {
  if (sort === undefined || sort.trim() === '')
    return hasText
      ? [
          { field: 'relevance', descending: true },
          { field: 'lastActivityAt', descending: true },
        ]
      : [{ field: 'lastActivityAt', descending: true }];
  const keys: CaseSortKey[] = [];
  for (const part of sort.split(',').map((s) => s.trim())) {
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    const field = Object.hasOwn(CASE_SORT_KEYS, name)
      ? CASE_SORT_KEYS[name as keyof typeof CASE_SORT_KEYS]
      : undefined;
    if (!field)
      throw new InvalidSearch(
        'sort',
        `unknown sort field "${name}"; sort by ${Object.keys(CASE_SORT_KEYS).join(', ')} (prefix - for descending)`,
      );
    if (field === 'relevance' && !hasText)
      throw new InvalidSearch('sort', 'sort by relevance needs a free-text query (q)');
    if (keys.some((k) => k.field === field))
      throw new InvalidSearch('sort', `sort field "${name}" is given twice`);
    keys.push({ field, descending });
  }
  return keys;
}

/** A handle as stored for comparison: trimmed, lower-cased, without the leading `@`. */
export const normalizeHandle = (handle: string): string =>
  handle.trim().replace(/^@+/, '').toLowerCase();

/**
 * A prefix query for names (`ana lop` → `ana:* & lop:*`) in Postgres `to_tsquery` syntax, from
 * the letters and digits of `text` only (so nothing the caller types can break the query);
 * null when nothing is left.
 */
export function namePrefixQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}

/** An email as stored for comparison (lower-cased), or null when `text` is not one. */
export const normalizeEmail = (text: string): string | null => {
  const trimmed = text.trim();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed) ? trimmed.toLowerCase() : null;
};
