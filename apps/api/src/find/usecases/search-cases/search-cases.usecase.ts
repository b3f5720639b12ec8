import { InvalidSearch, normalizeEmail, normalizeHandle, parseCaseSort } from '@scb/cases';
import type { CaseSearchCriteria } from '@scb/cases';
import { normalizeIdentifier } from '@scb/matching';
import type { CaseSearch, CaseSummary, PhoneRegionSource } from '@scb/persistence';
import type { SearchCasesCommand } from './search-cases.command';

/**
 * Finds cases: the query normalised as identifiers are stored (phones to E.164 in the matcher's
 * default region, emails and handles lower-cased, case numbers upper-cased), then one search.
 * @throws InvalidSearch naming the parameter (a phone or email that is not one, a bad sort)
 */
export class SearchCases {
  constructor(
    private readonly cases: CaseSearch,
    private readonly region: PhoneRegionSource,
  ) {}

  async execute(command: SearchCasesCommand): Promise<{ total: number; items: CaseSummary[] }> {
    const text = command.q?.trim() || undefined;
    const criteria: CaseSearchCriteria = {
      caseNumber: command.caseNumber?.trim().toUpperCase(),
      customerId: command.customerId,
      handle: command.handle === undefined ? undefined : normalizeHandle(command.handle),
      crmId: command.crmId?.trim(),
      status: command.status,
      queue: command.queue?.trim(),
      channel: command.channel,
      sla: command.sla,
      agentId: command.agentId,
      text,
      sort: parseCaseSort(command.sort, text !== undefined),
      limit: command.limit,
      offset: command.offset,
    };
    if (criteria.handle === '') throw new InvalidSearch('handle', 'a handle has letters or digits');
    if (command.email !== undefined) {
      const email = normalizeEmail(command.email);
      if (!email) throw new InvalidSearch('email', 'not an email address');
      criteria.email = email;
    }
    if (command.phone !== undefined) {
      const phone = normalizeIdentifier(
        'phone',
        command.phone,
        await this.region.phoneDefaultCountry(),
      );
      if (!phone) throw new InvalidSearch('phone', 'not a valid phone number');
      criteria.phone = phone;
    }
    return this.cases.search(criteria);
  }
}
