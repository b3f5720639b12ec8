import { InvalidSearch } from '@scb/cases';
import { fixedPhoneRegion, RecordingCaseSearch } from '@scb/testing';
import { SearchCases } from './search-cases.usecase';

describe('SearchCases', () => {
  const page = { limit: 50, offset: 0 };

  it('normalises every filter as identifiers are stored', async () => {
    const search = new RecordingCaseSearch();
    await new SearchCases(search, fixedPhoneRegion('US')).execute({
      ...page,
      q: '  router dropping ',
      caseNumber: 'cs-000123',
      phone: '(312) 532-2341',
      handle: '@RouterGuy',
      email: ' Maria@Example.COM ',
      crmId: ' CRM-1 ',
      queue: 'orders',
      status: 'open',
      channel: 'social',
      sla: 'atRisk',
      agentId: '00000000-0000-4000-8000-000000000001',
      sort: '-priority,createdAt',
    });
    expect(search.searches).toEqual([
      {
        ...page,
        text: 'router dropping',
        caseNumber: 'CS-000123',
        customerId: undefined,
        phone: '+13125322341',
        handle: 'routerguy',
        email: 'maria@example.com',
        crmId: 'CRM-1',
        queue: 'orders',
        status: 'open',
        channel: 'social',
        sla: 'atRisk',
        agentId: '00000000-0000-4000-8000-000000000001',
        sort: [
          { field: 'priority', descending: true },
          { field: 'openedAt', descending: false },
        ],
      },
    ]);
  });

  it('reads local numbers in the matcher’s region; defaults the sort by whether text is searched', async () => {
    const search = new RecordingCaseSearch();
    const useCase = new SearchCases(search, fixedPhoneRegion('GB'));
    await useCase.execute({ ...page, phone: '020 7946 0958' });
    await useCase.execute({ ...page, q: 'refund' });
    expect(search.searches.map((s) => [s.phone, s.sort.map((k) => k.field)])).toEqual([
      ['+442079460958', ['lastActivityAt']],
      [undefined, ['relevance', 'lastActivityAt']],
    ]);
  });

  it('refuses what is not what it says, naming the parameter', async () => {
    const useCase = new SearchCases(new RecordingCaseSearch(), fixedPhoneRegion());
    for (const [query, field] of [
      [{ phone: 'call me' }, 'phone'],
      [{ email: 'nobody' }, 'email'],
      [{ handle: '@@' }, 'handle'],
      [{ sort: 'colour' }, 'sort'],
      [{ sort: 'relevance' }, 'sort'],
    ] as const) {
      const error = await useCase.execute({ ...page, ...query }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidSearch);
      expect((error as InvalidSearch).field).toBe(field);
    }
  });
});
