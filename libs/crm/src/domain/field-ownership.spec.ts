import { changeFlows, DEFAULT_FIELD_OWNERSHIP, parseFieldOwnership } from './field-ownership';

describe('parseFieldOwnership', () => {
  it('fills the defaults', () => {
    expect(parseFieldOwnership({})).toEqual({ ok: true, value: DEFAULT_FIELD_OWNERSHIP });
    expect(parseFieldOwnership(undefined)).toEqual({ ok: true, value: DEFAULT_FIELD_OWNERSHIP });
    expect(
      parseFieldOwnership({ fields: { 'case.priority': 'scb' }, statusConflict: 'crm-wins' }),
    ).toEqual({
      ok: true,
      value: {
        fields: { ...DEFAULT_FIELD_OWNERSHIP.fields, 'case.priority': 'scb' },
        statusConflict: 'crm-wins',
      },
    });
  });

  it.each([
    [
      { fields: { 'case.priority': 'shared' } },
      'fields.case.priority',
      /only case.status may be shared/,
    ],
    [{ fields: { 'customer.email': 'scb' } }, 'fields', /unknown field\(s\) customer.email/],
    [{ fields: { 'case.status': 'both' } }, 'fields.case.status', /crm|scb|shared/],
    [{ statusConflict: 'newest' }, 'statusConflict', /open-wins/],
    [{ owners: {} }, '(document)', /unknown field\(s\) owners/],
    ['crm', '(document)', /object/],
  ])('refuses %j naming %s', (input, path, message) => {
    const result = parseFieldOwnership(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

describe('changeFlows', () => {
  it('copies changes from the owner and from either side of a shared field', () => {
    expect(changeFlows(DEFAULT_FIELD_OWNERSHIP, 'case.status', 'scb')).toBe('copy');
    expect(changeFlows(DEFAULT_FIELD_OWNERSHIP, 'case.status', 'crm')).toBe('copy');
    expect(changeFlows(DEFAULT_FIELD_OWNERSHIP, 'case.priority', 'crm')).toBe('copy');
    expect(changeFlows(DEFAULT_FIELD_OWNERSHIP, 'case.priority', 'scb')).toBe('ignore');
  });
});
