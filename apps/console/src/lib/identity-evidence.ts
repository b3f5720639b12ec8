/**
 * How the console words an identity's trust and evidence (docs/identity.md, "Sources and
 * trust"). The API gives `evidence` as free JSON: a claim's `{ kind, value, externalId }` (which
 * identifier, in which post), extended with `confirmedBy`/`confirmedAt` once an agent confirms
 * it; a detached account's `{ detachedFrom, detachedAt, claim }`. Anything else shows nothing.
 */

/** `unverified` for a claim, `proven` otherwise: the word an agent reads first. */
export function trustLabel(trust: string | null | undefined): string {
  return trust === 'claimed' ? 'unverified' : 'proven';
}

const KIND_WORD: Record<string, string> = {
  'case-number': 'case number',
  phone: 'phone number',
  email: 'email',
  account: 'account number',
  order: 'order number',
};

/**
 * One sentence for an identity's (or a post's `claimEvidence`) evidence, e.g. `gave phone number
 * +13125322341 in post 1790000000000000001`, `… · confirmed by ana@example.com on 1/2/2026`;
 * null when there is no evidence to show. `date` formats ISO timestamps (the browser's locale
 * by default; tests pass a fixed one).
 */
export function describeEvidence(
  evidence: unknown,
  date: (iso: string) => string = (iso) => new Date(iso).toLocaleDateString(),
): string | null {
  if (!isRecord(evidence)) return null;
  const parts: string[] = [];
  const claim = isRecord(evidence.claim) ? evidence.claim : evidence;
  if (typeof claim.kind === 'string' && typeof claim.value === 'string') {
    const post = typeof claim.externalId === 'string' ? ` in post ${claim.externalId}` : '';
    parts.push(`gave ${KIND_WORD[claim.kind] ?? claim.kind} ${claim.value}${post}`);
  }
  if (typeof evidence.confirmedBy === 'string') {
    const on = typeof evidence.confirmedAt === 'string' ? ` on ${date(evidence.confirmedAt)}` : '';
    parts.push(`confirmed by ${evidence.confirmedBy}${on}`);
  }
  if (typeof evidence.detachedFrom === 'string') {
    const on = typeof evidence.detachedAt === 'string' ? ` on ${date(evidence.detachedAt)}` : '';
    parts.push(`detached from another customer${on}`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
