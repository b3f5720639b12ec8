import { countdown, duration, handle } from './format';

describe('handle', () => {
  it.each([
    ['SpotifyCares', '@SpotifyCares'],
    ['@SpotifyCares', '@SpotifyCares'],
    ['@@SpotifyCares', '@SpotifyCares'],
    [' @ana ', '@ana'],
    [null, '@?'],
    ['', '@?'],
    ['@', '@?'],
  ])('%p → %p', (raw, shown) => expect(handle(raw)).toBe(shown));
});

describe('countdown', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  it('counts down, turns at risk in the last fifth, and counts up once breached', () => {
    const since = '2026-01-01T09:50:00Z';
    expect(countdown('2026-01-01T10:05:00Z', now, since)).toEqual({
      text: '5m 00s left',
      state: 'ok',
    });
    expect(countdown('2026-01-01T10:01:30Z', now, since)).toEqual({
      text: '1m 30s left',
      state: 'at-risk',
    });
    expect(countdown('2026-01-01T09:57:55Z', now, since)).toEqual({
      text: '2m 05s over',
      state: 'breached',
    });
    expect(countdown('2026-01-01T10:00:00Z', now, since).state).toBe('breached');
  });
  it('says when there is no SLA', () => {
    expect(countdown(null, now)).toEqual({ text: 'no SLA', state: 'none' });
  });
  it('formats durations', () => {
    expect(duration(9_400)).toBe('9s');
    expect(duration(3_723_000)).toBe('1h 02m');
  });
});

describe('fillCanned', () => {
  it('uses the first name, or drops the placeholder cleanly', async () => {
    const { fillCanned } = await import('./canned-replies');
    expect(fillCanned('Hi {name}, sorry!', 'Ana Lima')).toBe('Hi Ana, sorry!');
    expect(fillCanned('Hi {name}, sorry!', null)).toBe('Hi, sorry!');
    expect(fillCanned('Thanks {name}, bye', '  ')).toBe('Thanks, bye');
  });
});
