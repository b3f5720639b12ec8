import { conditionToModel, modelToCondition, rowToCondition } from './rule-conditions';

describe('rule condition builder', () => {
  it('turns rows into the matcher condition JSON', () => {
    expect(
      modelToCondition({
        combinator: 'any',
        rows: [
          { field: 'textContainsAny', value: 'refund, money back ,' },
          { field: 'sentiment', value: '..-2' },
          { field: 'isReply', value: 'false' },
          { field: 'textMatches', value: 'order #\\d+' },
        ],
      }),
    ).toEqual({
      type: 'any',
      conditions: [
        { type: 'textContainsAny', values: ['refund', 'money back'] },
        { type: 'sentiment', max: -2 },
        { type: 'isReply', value: false },
        { type: 'textMatches', pattern: 'order #\\d+', caseSensitive: false },
      ],
    });
    expect(
      modelToCondition({ combinator: 'all', rows: [{ field: 'platform', value: 'x' }] }),
    ).toEqual({ type: 'platform', values: ['x'] });
    expect(rowToCondition({ field: 'authorFollowers', value: '1000..5000' })).toEqual({
      type: 'authorFollowers',
      min: 1000,
      max: 5000,
    });
  });

  it('reads back what it wrote, and only what rows can show', () => {
    const model = {
      combinator: 'all' as const,
      rows: [
        { field: 'language' as const, value: 'en, es' },
        { field: 'authorFollowers' as const, value: '10..' },
        { field: 'hasCaseNumber' as const, value: 'true' },
      ],
    };
    expect(conditionToModel(modelToCondition(model))).toEqual(model);
    expect(conditionToModel({ type: 'textContainsAny', values: ['premium'] })).toEqual({
      combinator: 'all',
      rows: [{ field: 'textContainsAny', value: 'premium' }],
    });
    // Nesting, `not` and case-sensitive patterns stay in the JSON view.
    expect(
      conditionToModel({ type: 'not', condition: { type: 'isReply', value: true } }),
    ).toBeNull();
    expect(
      conditionToModel({
        type: 'all',
        conditions: [{ type: 'any', conditions: [{ type: 'isReply', value: true }] }],
      }),
    ).toBeNull();
    expect(conditionToModel({ type: 'textMatches', pattern: 'A', caseSensitive: true })).toBeNull();
    expect(conditionToModel({ type: 'nope' })).toBeNull();
    expect(conditionToModel('text')).toBeNull();
  });
});
