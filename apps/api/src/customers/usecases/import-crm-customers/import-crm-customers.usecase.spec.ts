import { CrmCustomerSchema, type CrmCustomer } from '@scb/contracts';
import type { CrmImportResult } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { ImportCrmCustomers } from './import-crm-customers.usecase';

const result = (created: number): CrmImportResult => ({
  customers: { created, updated: 0 },
  identities: { linked: 0, alreadyLinked: 0, heldByAnotherCustomer: [] },
  identifiers: { added: 0, rejected: [] },
  cases: { created: 0, updated: 0 },
});

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

  it('audits an import by someone (a supervisor) with its rows and outcome, in the same unit of work', async () => {
    const uow = new InMemoryUnitOfWork();
    const log = new InMemoryAuditLog();
    const importCustomers = new ImportCrmCustomers(
      uow,
      { import: async (records: CrmCustomer[]) => result(records.length) },
      new AuditTrail(uow, log),
    );
    const customers = ['crm-1', 'crm-2'].map((crmId) => CrmCustomerSchema.parse({ crmId }));
    const actor = {
      kind: 'user' as const,
      id: 'u-sup',
      name: 'sup@x.test',
      role: 'supervisor' as const,
      agentId: null,
    };
    await importCustomers.execute({ customers, actor });
    expect(log.entries).toEqual([
      expect.objectContaining({
        actor: { kind: 'user', id: 'u-sup', name: 'sup@x.test' },
        entity: 'crm_import',
        action: 'import',
        before: null,
        after: { rows: 2, ...result(2) },
      }),
    ]);
    // Without an actor (the CLI) nothing is audited.
    await importCustomers.execute({ customers });
    expect(log.entries).toHaveLength(1);
  });

  it('audits nothing when the import fails', async () => {
    const uow = new InMemoryUnitOfWork();
    const log = new InMemoryAuditLog();
    const importCustomers = new ImportCrmCustomers(
      uow,
      {
        import: async () => {
          throw new Error('deadlock');
        },
      },
      new AuditTrail(uow, log),
    );
    await expect(
      importCustomers.execute({
        customers: [CrmCustomerSchema.parse({ crmId: 'crm-1' })],
        actor: { kind: 'api_key', id: 'k', name: 'crm', role: 'integration', agentId: null },
      }),
    ).rejects.toThrow('deadlock');
    expect(log.entries).toEqual([]);
  });
});
