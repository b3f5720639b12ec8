import { jsonDiff } from './json-diff';

describe('jsonDiff', () => {
  it('lists changed, added and removed leaves by path', () => {
    const before = { name: 'billing', sla: { targets: { '2': { first: 600 } } }, tags: ['a', 'b'] };
    const after = {
      name: 'billing',
      sla: { targets: { '2': { first: 300 }, '1': { first: 60 } } },
      tags: ['a'],
      note: 'x',
    };
    expect(jsonDiff(before, after)).toEqual([
      { path: 'sla.targets.2.first', before: 600, after: 300, kind: 'changed' },
      { path: 'sla.targets.1', before: undefined, after: { first: 60 }, kind: 'added' },
      { path: 'tags.1', before: 'b', after: undefined, kind: 'removed' },
      { path: 'note', before: undefined, after: 'x', kind: 'added' },
    ]);
  });
  it('is empty for equal values and whole for a create or delete', () => {
    expect(jsonDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(jsonDiff(null, { a: 1 })).toEqual([
      { path: '(all)', before: null, after: { a: 1 }, kind: 'added' },
    ]);
    expect(jsonDiff({ a: 1 }, null)).toEqual([
      { path: '(all)', before: { a: 1 }, after: null, kind: 'removed' },
    ]);
  });
});
