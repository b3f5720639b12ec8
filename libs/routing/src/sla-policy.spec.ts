import { addWorkingSeconds, escalation, SlaPolicySchema, slaSchedule } from './sla-policy';

const policy = SlaPolicySchema.parse({
  targets: { '1': { firstResponseSeconds: 600, resolutionSeconds: 3_600 } },
  atRiskPercent: 80,
  escalation: { toQueue: 'escalations' },
});
const start = new Date('2026-11-23T10:00:00Z'); // a Monday

describe('SLA schedule', () => {
  it('puts at-risk at the threshold and breach at the target, for both clocks', () => {
    const schedule = slaSchedule(policy, 1, start)!;
    expect(schedule.firstResponseDueAt.toISOString()).toBe('2026-11-23T10:10:00.000Z');
    expect(schedule.resolutionDueAt.toISOString()).toBe('2026-11-23T11:00:00.000Z');
    expect(schedule.timers.map((t) => [t.kind, t.stage, t.dueAt.toISOString()])).toEqual([
      ['firstResponse', 'atRisk', '2026-11-23T10:08:00.000Z'],
      ['firstResponse', 'breached', '2026-11-23T10:10:00.000Z'],
      ['resolution', 'atRisk', '2026-11-23T10:48:00.000Z'],
      ['resolution', 'breached', '2026-11-23T11:00:00.000Z'],
    ]);
  });

  it('has no timers for a priority without a target', () => {
    expect(slaSchedule(policy, 4, start)).toBeNull();
  });

  it('escalates one step more urgent, never past 1, into the escalation queue', () => {
    expect(escalation(policy, 3)).toEqual({ priority: 2, toQueue: 'escalations', notify: [] });
    expect(escalation(policy, 1)).toMatchObject({ priority: 1, toQueue: 'escalations' });
    const keep = SlaPolicySchema.parse({
      escalation: { raisePriority: false, notify: ['supervisors'] },
    });
    expect(escalation(keep, 3)).toEqual({ priority: 3, toQueue: null, notify: ['supervisors'] });
  });

  it('rejects malformed policies naming the field', () => {
    const bad = SlaPolicySchema.safeParse({
      targets: { '9': { firstResponseSeconds: 1, resolutionSeconds: 1 } },
    });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['targets'],
      message: expect.stringContaining('"9"'),
    });
    const hours = SlaPolicySchema.safeParse({
      businessHours: { days: [1], start: '18:00', end: '09:00' },
    });
    expect(hours.error?.issues[0].path).toEqual(['businessHours', 'end']);
  });
});

describe('business hours', () => {
  const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', utcOffsetMinutes: 0 };

  it('counts only open hours, carrying over nights and weekends', () => {
    // Friday 16:00 + 2 working hours = Monday 10:00.
    expect(addWorkingSeconds(new Date('2026-11-27T16:00:00Z'), 7_200, weekdays).toISOString()).toBe(
      '2026-11-30T10:00:00.000Z',
    );
    // Saturday: the clock starts on Monday at opening.
    expect(addWorkingSeconds(new Date('2026-11-28T12:00:00Z'), 600, weekdays).toISOString()).toBe(
      '2026-11-30T09:10:00.000Z',
    );
    // Inside hours it is wall-clock time.
    expect(addWorkingSeconds(new Date('2026-11-24T09:30:00Z'), 1_800, weekdays).toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
  });

  it('applies the business hours in their own UTC offset', () => {
    const newYork = { ...weekdays, utcOffsetMinutes: -300 };
    // 13:00Z is 08:00 in New York: the clock starts at 09:00 local = 14:00Z.
    expect(addWorkingSeconds(new Date('2026-11-24T13:00:00Z'), 60, newYork).toISOString()).toBe(
      '2026-11-24T14:01:00.000Z',
    );
  });
});
