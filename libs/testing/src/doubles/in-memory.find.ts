import type { CaseSearchCriteria } from '@scb/cases';
import type {
  CaseSearch,
  CaseSummary,
  CustomerDirectory,
  CustomerListItem,
  CustomerProfile,
  CustomerSearchCriteria,
  PhoneRegionSource,
} from '@scb/persistence';

/** Records the criteria each search got and answers with the given items. */
export class RecordingCaseSearch implements CaseSearch {
  readonly searches: CaseSearchCriteria[] = [];

  constructor(private readonly items: CaseSummary[] = []) {}

  async search(criteria: CaseSearchCriteria): Promise<{ total: number; items: CaseSummary[] }> {
    this.searches.push(criteria);
    return { total: this.items.length, items: this.items };
  }
}

/** Records customer searches; answers profiles from a map. */
export class InMemoryCustomerDirectory implements CustomerDirectory {
  readonly searches: CustomerSearchCriteria[] = [];
  readonly profiles = new Map<string, CustomerProfile>();

  async search(
    criteria: CustomerSearchCriteria,
  ): Promise<{ total: number; items: CustomerListItem[] }> {
    this.searches.push(criteria);
    return { total: 0, items: [] };
  }

  async profile(id: string): Promise<CustomerProfile | null> {
    return this.profiles.get(id) ?? null;
  }
}

/** A fixed default phone region. */
export const fixedPhoneRegion = (country = 'US'): PhoneRegionSource => ({
  phoneDefaultCountry: async () => country,
});
