import type { Principal } from '@scb/auth';
import type { CrmCustomer } from '@scb/contracts';

/** CRM customers (already parsed and validated) to import; safe to repeat. */
export interface ImportCrmCustomersCommand {
  customers: CrmCustomer[];
  /** Who imports (audited); absent for the CLI. */
  actor?: Principal;
  /** ISO country for phone numbers without a country code; `US` when absent. */
  phoneDefaultCountry?: string;
  /** Told after each of the import's steps (a CLI's progress bar). */
  onProgress?: (done: number, total: number) => void;
}
