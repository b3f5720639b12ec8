import { NotFoundError } from '@scb/core';
import type { ErasureRecord } from '@scb/persistence';
import { InMemoryUnitOfWork } from '@scb/testing';
import { EraseCustomer } from './erase-customer.usecase';

const record: ErasureRecord = {
  id: 'e-1',
  customerId: 'c-1',
  requestedBy: 'user:admin@x.test',
  erasedAt: new Date(0),
  erased: {
    customers: 1,
    identities: 2,
    identifiers: 1,
    interactions: 4,
    events: 4,
    replies: 0,
    auditEntries: 0,
  },
};

describe('EraseCustomer', () => {
  it('erases on behalf of the requester in one unit of work and reports progress', async () => {
    const calls: unknown[] = [];
    const uow = new InMemoryUnitOfWork();
    const eraseCustomer = new EraseCustomer(uow, {
      async erase(customerId, requestedBy, onProgress) {
        calls.push([customerId, requestedBy]);
        onProgress?.(1, 1);
        return record;
      },
    });
    const progress: number[] = [];
    const erased = await eraseCustomer.execute({
      customerId: 'c-1',
      requestedBy: 'user:admin@x.test',
      onProgress: (done) => progress.push(done),
    });
    expect(erased).toEqual(record);
    expect(calls).toEqual([['c-1', 'user:admin@x.test']]);
    expect(progress).toEqual([1]);
    expect(uow.committed).toBe(1);
  });

  it('answers NotFoundError for an unknown customer', async () => {
    const eraseCustomer = new EraseCustomer(new InMemoryUnitOfWork(), { erase: async () => null });
    await expect(
      eraseCustomer.execute({ customerId: 'c-0', requestedBy: 'cli:ops' }),
    ).rejects.toThrow(new NotFoundError('customer c-0 does not exist'));
  });
});
