import { fixedPhoneRegion, InMemoryCustomerDirectory } from '@scb/testing';
import { SearchCustomers } from './search-customers.usecase';

describe('SearchCustomers', () => {
  const page = { limit: 20, offset: 0 };
  const criteriaFor = async (q?: string) => {
    const directory = new InMemoryCustomerDirectory();
    await new SearchCustomers(directory, fixedPhoneRegion('US')).execute({ ...page, q });
    return directory.searches[0];
  };

  it('reads q every way it can be: name prefixes, handle, phone, email, exact id, account', async () => {
    expect(await criteriaFor('Ana Lóp')).toEqual({
      ...page,
      namePrefix: 'ana:* & lóp:*',
      exact: 'Ana Lóp',
      handle: null,
      phone: null,
      email: null,
      account: null,
    });
    expect(await criteriaFor('@MariaL')).toMatchObject({ handle: 'marial', phone: null });
    expect(await criteriaFor('(312) 532-2341')).toMatchObject({
      phone: '+13125322341',
      handle: null,
      namePrefix: null,
    });
    expect(await criteriaFor('Maria@Example.com')).toMatchObject({
      email: 'maria@example.com',
      handle: null,
    });
    expect(await criteriaFor('acc-991')).toMatchObject({ account: 'ACC-991', exact: 'acc-991' });
  });

  it('without q: every customer (no criteria)', async () => {
    expect(await criteriaFor('  ')).toEqual({
      ...page,
      namePrefix: null,
      exact: null,
      handle: null,
      phone: null,
      email: null,
      account: null,
    });
  });
});
