import { ValidationError } from '@scb/core';
import type { PhoneCall, PhoneWork } from '@scb/persistence';
import { OpenPhoneWork } from './open-phone-work.usecase';

const call: PhoneCall = {
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
    },
    case: { id: 'c-1', caseNumber: 'C-1', reused: false },
    customer: { id: 'cu-1', known: false },
    replayed: false,
  };
  return { opened, work, open: async (c: PhoneCall) => (opened.push(c), work) };
}

describe('OpenPhoneWork', () => {
  it('hands the intake the call with its number in E.164 and answers its work item', async () => {
    const intake = fakeIntake();
    await expect(new OpenPhoneWork(intake).execute(call)).resolves.toBe(intake.work);
    expect(intake.opened).toEqual([{ ...call, callerNumber: '+14155550100' }]);
  });

  it('refuses a number that is not international, naming callerNumber, without opening anything', () => {
    const intake = fakeIntake();
    expect(() => new OpenPhoneWork(intake).execute({ ...call, callerNumber: '555-0100' })).toThrow(
      ValidationError,
    );
    expect(intake.opened).toEqual([]);
  });
});
