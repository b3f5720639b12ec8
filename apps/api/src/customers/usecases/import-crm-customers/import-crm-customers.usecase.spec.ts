import { CrmCustomerSchema, type CrmCustomer } from '@scb/contracts';
import type { CrmImportResult } from '@scb/persistence';
import { InMemoryUnitOfWork } from '@scb/testing';
import { ImportCrmCustomers } from './import-crm-customers.usecase';

describe('ImportCrmCustomers', () => {
  it('imports the customers with the phone country (the repository default unless given), each import one unit of work', async () => {
    const calls: Array<[string[], string | undefined]> = [];
    const uow = new InMemoryUnitOfWork();
    const importCustomers = new ImportCrmCustomers(uow, {
      import: async (records: CrmCustomer[], country?: string): Promise<CrmImportResult> => {
        calls.push([records.map((r) => r.crmId), country]);
        return {
          customers: { created: records.length, updated: 0 },
          identities: { linked: 0, alreadyLinked: 0, heldByAnotherCustomer: [] },
          identifiers: { added: 0, rejected: [] },
          cases: { created: 0, updated: 0 },
        };
      },
    });
    const customers = [CrmCustomerSchema.parse({ crmId: 'crm-1' })];
    await expect(importCustomers.execute({ customers })).resolves.toMatchObject({
      customers: { created: 1 },
    });
    await importCustomers.execute({ customers, phoneDefaultCountry: 'DE' });
    expect(calls).toEqual([
      [['crm-1'], undefined],
      [['crm-1'], 'DE'],
    ]);
    expect(uow.committed).toBe(2);
  });
});
