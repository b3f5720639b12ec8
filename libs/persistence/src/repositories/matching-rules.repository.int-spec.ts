import type { DataSource } from 'typeorm';
import { RuleSetProvider, RuleSetValidationError } from '@scb/matching';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { MatchingRulesRepository } from './matching-rules.repository';

const spamRule = (keyword: string) => ({
  rules: [
    { id: 'spam', when: { type: 'textContainsAny', values: [keyword] }, then: { ignore: true } },
  ],
});

describe('MatchingRulesRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let repository: MatchingRulesRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('rules').DB_SCHEMA));
    repository = new MatchingRulesRepository(new Database(dataSource));
  });
  afterAll(() => drop());

  it('saves every change as a new version with its author and time, defaults filled in', async () => {
    expect(await repository.latestVersion()).toBe(0);

    const first = await repository.publish(spamRule('crypto'), 'admin@a', 'block crypto spam');
    const second = await repository.publish(spamRule('casino'), 'admin@b');

    expect([first, second]).toEqual([1, 2]);
    expect(await repository.latestVersion()).toBe(2);
    const stored = await repository.get(1);
    expect(stored).toMatchObject({ version: 1, author: 'admin@a', note: 'block crypto spam' });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(stored?.definition.identifiers.caseNumber).toBe('CS-\\d{6}');
    expect(stored?.definition.rules[0].when).toEqual({
      type: 'textContainsAny',
      values: ['crypto'],
    });
  });

  it('gives concurrent saves consecutive versions', async () => {
    const before = await repository.latestVersion();
    const versions = await Promise.all(
      ['a', 'b', 'c'].map((k) => repository.publish(spamRule(k), 'admin')),
    );
    expect([...versions].sort()).toEqual([before + 1, before + 2, before + 3]);
  });

  it('refuses an invalid rule set, naming the field, and stores nothing', async () => {
    const before = await repository.latestVersion();
    const publishing = repository.publish(
      {
        rules: [
          { id: 'x', when: { type: 'textMatches', pattern: '(a)\\1' }, then: { ignore: true } },
        ],
      },
      'admin',
    );
    await expect(publishing).rejects.toThrow(RuleSetValidationError);
    await expect(publishing).rejects.toThrow(/rules\.0\.when\.pattern/);
    expect(await repository.latestVersion()).toBe(before);
  });

  it('lets a running provider pick up a new version on its next poll', async () => {
    const provider = new RuleSetProvider(repository);
    await provider.refresh();
    const current = provider.current().version;
    expect(current).toBe(await repository.latestVersion());
    expect(await provider.refresh()).toBeNull();

    const next = await repository.publish(spamRule('lottery'), 'admin');

    expect(await provider.refresh()).toBe(next);
    expect(provider.current().version).toBe(next);
    expect(provider.current().definition.rules[0].when).toMatchObject({ values: ['lottery'] });
  });
});
