import { desiredStreamRules, diffStreamRules, targetAccountOf } from './x-stream-rules';

describe('desiredStreamRules', () => {
  it('makes one tagged rule per brand handle and per keyword query, each value once', () => {
    expect(
      desiredStreamRules({
        handles: ['SpotifyCares', 'AppleSupport'],
        keywords: ['"spotify down" lang:en', '"spotify down" lang:en'],
      }),
    ).toEqual([
      { value: '@SpotifyCares -is:retweet', tag: 'brand:SpotifyCares' },
      { value: '@AppleSupport -is:retweet', tag: 'brand:AppleSupport' },
      { value: '"spotify down" lang:en', tag: 'keyword:"spotify down" lang:en' },
    ]);
  });
});

describe('diffStreamRules', () => {
  const desired = [
    { value: '@Brand -is:retweet', tag: 'brand:Brand' },
    { value: 'outage', tag: 'keyword:outage' },
  ];

  it('adds everything when X holds no rules', () => {
    expect(diffStreamRules([], desired)).toEqual({ add: desired, delete: [] });
  });

  it('leaves matching rules alone, deletes stale ones and adds missing ones', () => {
    const current = [
      { id: '1', value: '@Brand -is:retweet', tag: 'brand:Brand' },
      { id: '2', value: '@OldBrand -is:retweet', tag: 'brand:OldBrand' },
    ];
    expect(diffStreamRules(current, desired)).toEqual({ add: [desired[1]], delete: ['2'] });
  });

  it('changes nothing when X already holds exactly the desired rules', () => {
    const current = desired.map((r, i) => ({ id: String(i), ...r }));
    expect(diffStreamRules(current, desired)).toEqual({ add: [], delete: [] });
  });

  it('replaces a rule whose value is held under another tag (or none)', () => {
    const current = [
      { id: '7', value: 'outage' },
      { id: '8', value: '@Brand -is:retweet', tag: 'brand:Brand' },
    ];
    expect(diffStreamRules(current, desired)).toEqual({ add: [desired[1]], delete: ['7'] });
  });

  it('deletes every rule when configuration asks for none', () => {
    expect(diffStreamRules([{ id: '3', value: 'x', tag: 't' }], [])).toEqual({
      add: [],
      delete: ['3'],
    });
  });
});

describe('targetAccountOf', () => {
  it('names the brand of the first brand rule matched, or none for keyword matches', () => {
    expect(targetAccountOf([{ tag: 'keyword:outage' }, { tag: 'brand:Brand' }])).toBe('Brand');
    expect(targetAccountOf([{ tag: 'keyword:outage' }, {}])).toBeNull();
  });
});
