import { parseTwitterDate } from './twitter-date';

describe('parseTwitterDate', () => {
  it('reads the v1.1 created_at layout as a UTC instant', () => {
    expect(parseTwitterDate('Tue Oct 31 23:36:20 +0000 2017')).toBe('2017-10-31T23:36:20.000Z');
  });

  it('applies the offset', () => {
    expect(parseTwitterDate('Wed Nov 01 01:00:00 +0200 2017')).toBe('2017-10-31T23:00:00.000Z');
    expect(parseTwitterDate('Tue Oct 31 20:30:00 -0330 2017')).toBe('2017-11-01T00:00:00.000Z');
  });

  it('returns null for anything else', () => {
    expect(parseTwitterDate('2017-10-31T23:36:20Z')).toBeNull();
    expect(parseTwitterDate('Tue Foo 31 23:36:20 +0000 2017')).toBeNull();
    expect(parseTwitterDate('Tue Feb 30 23:36:20 +0000 2017')).toBeNull();
    expect(parseTwitterDate('Tue Oct 31 24:36:20 +0000 2017')).toBeNull();
  });
});
