import { namePrefixQuery, normalizeEmail, normalizeHandle } from '@scb/cases';
import { normalizeIdentifier } from '@scb/matching';
import type {
  CustomerDirectory,
  CustomerListItem,
  CustomerSearchCriteria,
  PhoneRegionSource,
} from '@scb/persistence';
import type { SearchCustomersCommand } from './search-customers.command';

const HANDLE = /^@?[\p{L}\p{N}_.]+$/u;
const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Finds customers by what an agent has at hand: `q` is read every way it can be (a name's word
 * prefixes, a handle, a phone number in any format, an email, a CRM id or platform user id, an
 * account number) and a customer matching any of them is listed. Without `q`, every customer.
 */
export class SearchCustomers {
  constructor(
    private readonly customers: CustomerDirectory,
    private readonly region: PhoneRegionSource,
  ) {}

  async execute(
    command: SearchCustomersCommand,
  ): Promise<{ total: number; items: CustomerListItem[] }> {
    const q = command.q?.trim() ?? '';
    const page = { limit: command.limit, offset: command.offset };
    if (q === '')
      return this.customers.search({
        namePrefix: null,
        exact: null,
        handle: null,
        phone: null,
        email: null,
        account: null,
        ...page,
      });
    const criteria: CustomerSearchCriteria = {
      // Names have letters: a number or id is not also looked up as a name.
      namePrefix: /\p{L}/u.test(q) ? namePrefixQuery(q) : null,
      exact: q,
      handle: HANDLE.test(q) ? normalizeHandle(q) : null,
      // Only what looks like a number is read as one (a name never is).
      phone: /\d/.test(q)
        ? normalizeIdentifier('phone', q, await this.region.phoneDefaultCountry())
        : null,
      email: normalizeEmail(q),
      account: ACCOUNT.test(q) ? q.toUpperCase() : null,
      ...page,
    };
    return this.customers.search(criteria);
  }
}
