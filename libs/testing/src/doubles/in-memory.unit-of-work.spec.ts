import { InMemoryUnitOfWork } from './in-memory.unit-of-work';

describe('InMemoryUnitOfWork', () => {
  it('runs after-commit callbacks only once the outermost unit succeeded', async () => {
    const uow = new InMemoryUnitOfWork();
    const events: string[] = [];
    await uow.run(async () => {
      uow.afterCommit(() => void events.push('a'));
      await uow.run(async () => uow.afterCommit(() => void events.push('b')));
      expect(events).toEqual([]);
    });
    expect(events).toEqual(['a', 'b']);
    expect(uow.committed).toBe(1);

    await expect(
      uow.run(async () => {
        uow.afterCommit(() => void events.push('never'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(events).toEqual(['a', 'b']);
    expect(uow.rolledBack).toBe(1);
    expect(() => uow.afterCommit(() => undefined)).toThrow(/outside a unit of work/);
  });
});
