import { channelsWithRoom, refusalReason } from './agent-capacity';
import { normalizePhoneNumber } from './phone-number';

describe('agent capacity', () => {
  const capacity = { phone: 1, social: 3 };

  it('lists the channels with room left', () => {
    expect(channelsWithRoom(capacity, {})).toEqual(['phone', 'social']);
    expect(channelsWithRoom(capacity, { phone: 1, social: 2 })).toEqual(['social']);
    expect(channelsWithRoom(capacity, { phone: 1, social: 3 })).toEqual([]);
  });

  it('refuses agents who are not available or are full, with the reason', () => {
    expect(refusalReason('available', capacity, { social: 1 })).toBeNull();
    expect(refusalReason('away', capacity, {})).toMatch(/agent is away/);
    expect(refusalReason('available', capacity, { phone: 1, social: 3 })).toBe(
      'agent is at capacity (phone 1/1, social 3/3)',
    );
  });
});

describe('normalizePhoneNumber', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 (20) 7946-0958', '+442079460958'],
    ['+1.415.555.2671', '+14155552671'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizePhoneNumber(input)).toBe(expected);
  });

  it.each(['020 7946 0958', '+12', 'call me', '+1234567890123456', ''])('refuses %j', (input) => {
    expect(normalizePhoneNumber(input)).toBeNull();
  });
});
