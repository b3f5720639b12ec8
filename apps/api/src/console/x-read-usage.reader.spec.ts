import { ManualClock } from '@scb/testing';
import { XReadUsageReader } from './x-read-usage.reader';

describe('XReadUsageReader', () => {
  it("reads the clock's UTC month and gives each poller its state against its budget", async () => {
    const asked: string[] = [];
    const reader = new XReadUsageReader(
      {
        month: async (month) => {
          asked.push(month);
          return [
            { source: 'x-mentions:1', month, reads: 850, budget: 1000 },
            { source: 'x-search:acme', month, reads: 12, budget: null },
          ];
        },
      },
      new ManualClock('2026-11-30T23:59:59.999Z'),
    );
    expect(await reader.current()).toEqual([
      { source: 'x-mentions:1', month: '2026-11', used: 850, budget: 1000, state: 'near' },
      { source: 'x-search:acme', month: '2026-11', used: 12, budget: null, state: 'unlimited' },
    ]);
    expect(asked).toEqual(['2026-11']);
  });
});
