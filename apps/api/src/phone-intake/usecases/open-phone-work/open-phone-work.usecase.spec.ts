import { ValidationError } from '@scb/core';
import type { PhoneCall, PhoneWork } from '@scb/persistence';
import { ManualClock } from '@scb/testing';
import { OpenPhoneWork } from './open-phone-work.usecase';
import type { OpenPhoneWorkCommand } from './open-phone-work.command';

const call: OpenPhoneWorkCommand = {
  callerNumber: '+1 (415) 555-0100',
  callId: 'call-1',
  category: null,
  priority: 3,
  note: null,
};

/** The intake service's answer for any call, recording what it was handed. */
function fakeIntake() {
  const opened: PhoneCall[] = [];
  const work: PhoneWork = {
    workItem: {
      id: 'w-1',
      queue: 'default',
      priority: 3,
      status: 'queued',
      routingExplanation: 'default',
      queuedAt: new Date('2026-01-01T00:00:00.000Z'),
      agentId: null,
      updates: 0,
    },
    case: { id: 'c-1', caseNumber: 'C-1', reused: false },
    customer: { id: 'cu-1', known: false },
    holder: null,
    replayed: false,
  };
  return { opened, work, open: async (c: PhoneCall) => (opened.push(c), work) };
}

describe('OpenPhoneWork', () => {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00.000Z'));

  it('hands the intake the call with its number in E.164, arrived now, and answers its work item', async () => {
    const intake = fakeIntake();
    await expect(new OpenPhoneWork(intake, clock).execute(call)).resolves.toBe(intake.work);
    expect(intake.opened).toEqual([
      {
        ...call,
        callerNumber: '+14155550100',
        arrivedAt: clock.now(),
        language: null,
        tags: [],
      },
    ]);
  });

  it('keeps the arrival, language and tags the phone system gives', async () => {
    const intake = fakeIntake();
    const arrivedAt = new Date('2025-12-31T23:58:00.000Z');
    await new OpenPhoneWork(intake, clock).execute({
      ...call,
      arrivedAt,
      language: 'es',
      tags: ['churn-risk'],
    });
    expect(intake.opened[0]).toMatchObject({ arrivedAt, language: 'es', tags: ['churn-risk'] });
  });

  it('refuses a number that is not international, naming callerNumber, without opening anything', () => {
    const intake = fakeIntake();
    expect(() =>
      new OpenPhoneWork(intake, clock).execute({ ...call, callerNumber: '555-0100' }),
    ).toThrow(ValidationError);
    expect(intake.opened).toEqual([]);
  });

  it.each([
    ['more than a minute ahead of the clock', 61_000],
    ['more than a day before it', -(24 * 3_600_000 + 1_000)],
  ])('refuses an arrival %s, naming arrivedAt', (_what, offsetMs) => {
    const intake = fakeIntake();
    const arrivedAt = new Date(clock.now().getTime() + offsetMs);
    let thrown: unknown;
    try {
      void new OpenPhoneWork(intake, clock).execute({ ...call, arrivedAt });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).errors).toEqual([
      expect.objectContaining({ path: 'arrivedAt' }),
    ]);
    expect(intake.opened).toEqual([]);
  });
});
