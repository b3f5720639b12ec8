import { brandHandleIn } from './brand-handle';

describe('brandHandleIn', () => {
  it('finds the first named handle, skipping anonymized numeric customers', () => {
    expect(brandHandleIn('@105838 @AppleSupport Me too')).toBe('AppleSupport');
    expect(brandHandleIn('@VirginTrains see attached')).toBe('VirginTrains');
  });

  it('ignores e-mail addresses and texts without a brand', () => {
    expect(brandHandleIn('mail me at jo@example.com')).toBeNull();
    expect(brandHandleIn('@76328 I really hope you all change')).toBeNull();
  });
});
