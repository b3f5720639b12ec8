import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * One model for every way of recognising a person (docs/identity.md): a platform account
 * (`x`, `facebook`, `instagram`, value its user id), a phone number (E.164), an email
 * (lower-case), a CRM id, an account number or an order number (upper-case, as the matcher's
 * patterns extract them).
 */
export const IDENTITY_KINDS = [
  'x',
  'facebook',
  'instagram',
  'phone',
  'email',
  'crm-id',
  'account',
  'order',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** Platform accounts are stored apart (`customer_identities`): they author posts. */
export const PLATFORM_KINDS = ['x', 'facebook', 'instagram'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/**
 * proven: the platform account itself, the CRM, the phone network's caller id, an agent's
 * confirmation (or the admin's auto-confirm policy). claimed: an identifier typed by an account
 * we did not know, tying that account to the identifier's owner; shown as unverified.
 */
export type IdentityTrust = 'proven' | 'claimed';

/** Who taught us the identity. */
export type IdentitySource = 'platform' | 'crm' | 'phone-network' | 'agent' | 'matcher';

/** The identifier in a post that made the matcher link its unknown author to a customer. */
export const CLAIM_EVIDENCE_KINDS = ['case-number', 'email', 'phone', 'account', 'order'] as const;
export type ClaimEvidenceKind = (typeof CLAIM_EVIDENCE_KINDS)[number];

/** The admin's policy: claims made with these kinds of evidence are proven at once. */
export interface IdentityPolicy {
  autoConfirm: ClaimEvidenceKind[];
}

export const DEFAULT_IDENTITY_POLICY: IdentityPolicy = { autoConfirm: [] };

/**
 * The stored form of an identity's value, so the same person compares equal however it was
 * typed; null when the value is not a valid identity of its kind. Phones: E.164 through
 * libphonenumber (national numbers read in `phoneDefaultCountry`, ISO 3166 alpha-2); emails:
 * trimmed and lower-cased with one `@`; account and order numbers: upper-cased; CRM ids and
 * platform user ids: trimmed, as given.
 */
export function normalizeIdentityValue(
  kind: IdentityKind,
  value: string,
  phoneDefaultCountry = 'US',
): string | null {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 256) return null;
  switch (kind) {
    case 'phone': {
      const phone = parsePhoneNumberFromString(trimmed, phoneDefaultCountry as CountryCode);
      return phone?.isValid() ? phone.number : null;
    }
    case 'email':
      return /^[^@\s]+@[^@\s]+$/.test(trimmed) ? trimmed.toLowerCase() : null;
    case 'account':
    case 'order':
      return trimmed.toUpperCase();
    default:
      return trimmed;
  }
}

/**
 * The trust of a link the matcher makes when an unknown account quotes an identifier on file:
 * claimed, unless the admin's policy auto-confirms claims made with that kind of evidence.
 */
export function claimTrust(evidenceKind: string, policy: IdentityPolicy): IdentityTrust {
  return (policy.autoConfirm as string[]).includes(evidenceKind) ? 'proven' : 'claimed';
}

/** Who asks to confirm or detach an identity: the caller's role and, for agents, their agent. */
export interface IdentityDecider {
  role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
  agentId: string | null;
}

/** Why a decision was refused (403 with this reason). */
export type IdentityDecisionRefusal = 'not_case_holder' | 'no_linked_agent' | 'role_not_allowed';

/**
 * Whether `decider` may confirm or detach a customer's identity: admins and supervisors always;
 * an agent who holds (is assigned the active work item of) a case of that customer. Returns null
 * when allowed, else the refusal.
 */
export function identityDecisionRefusal(
  decider: IdentityDecider,
  holderAgentIds: readonly string[],
): IdentityDecisionRefusal | null {
  if (decider.role === 'admin' || decider.role === 'supervisor') return null;
  if (decider.role !== 'agent') return 'role_not_allowed';
  if (!decider.agentId) return 'no_linked_agent';
  return holderAgentIds.includes(decider.agentId) ? null : 'not_case_holder';
}

/**
 * Why an identity cannot be confirmed or detached (409 with this reason): only a claim is
 * decided; a proven identity (the customer's own account, the CRM's, the caller id) is not.
 */
export function claimDecisionConflict(identity: { trust: IdentityTrust }): string | null {
  return identity.trust === 'claimed'
    ? null
    : 'the identity is already proven: only a claimed identity can be confirmed or detached';
}
