import type { CustomerDirectory, CustomerProfile } from '@scb/persistence';
import type { GetCustomerProfileCommand } from './get-customer-profile.command';

/** The customer does not exist (404). */
export class CustomerNotFound extends Error {}

/**
 * The customer 360: identities with trust and source, every case, and one timeline across them.
 * A merged customer is returned with `mergedInto` (its cases and identities are there now).
 * @throws CustomerNotFound
 */
export class GetCustomerProfile {
  constructor(private readonly customers: CustomerDirectory) {}

  async execute(command: GetCustomerProfileCommand): Promise<CustomerProfile> {
    const profile = await this.customers.profile(command.customerId);
    if (!profile) throw new CustomerNotFound(`customer ${command.customerId} does not exist`);
    return profile;
  }
}
