import type { CustomerProfile } from '@scb/persistence';
import { InMemoryCustomerDirectory } from '@scb/testing';
import { CustomerNotFound, GetCustomerProfile } from './get-customer-profile.usecase';

describe('GetCustomerProfile', () => {
  it('returns the profile, or CustomerNotFound', async () => {
    const directory = new InMemoryCustomerDirectory();
    const profile = { id: 'c-1', displayName: 'Ana' } as CustomerProfile;
    directory.profiles.set('c-1', profile);
    const useCase = new GetCustomerProfile(directory);
    await expect(useCase.execute({ customerId: 'c-1' })).resolves.toBe(profile);
    await expect(useCase.execute({ customerId: 'c-2' })).rejects.toBeInstanceOf(CustomerNotFound);
  });
});
