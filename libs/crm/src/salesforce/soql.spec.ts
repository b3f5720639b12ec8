import { soqlDateTime, soqlString } from './soql';

describe('SOQL literals', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlString("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
    expect(soqlString('a\\b\n"c"')).toBe('\'a\\\\b\\n\\"c\\"\'');
  });

  it('writes whole-second UTC date-times', () => {
    expect(soqlDateTime(new Date('2026-03-01T12:00:00.999Z'))).toBe('2026-03-01T12:00:00Z');
  });
});
