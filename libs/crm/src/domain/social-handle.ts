import type { CrmSocialHandle } from './crm-records';

/**
 * A social identity as a CRM field holds it: CRMs store either the handle (`@analee`, `analee`)
 * or the platform's numeric user id (`115887`); an all-digit value is read as the id, since
 * handles on X, Facebook and Instagram always contain a letter or underscore.
 */
export function socialHandleFromValue(platform: string, value: string): CrmSocialHandle {
  const bare = value.trim().replace(/^@/, '');
  return /^\d+$/.test(bare)
    ? { platform, handle: null, externalUserId: bare }
    : { platform, handle: bare, externalUserId: null };
}
