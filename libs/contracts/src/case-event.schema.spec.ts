import { randomUUID } from 'node:crypto';
import { CaseEventSchema } from './case-event.schema';
import { parseWith } from './validation';

const event = () => ({
  type: 'caseOpened',
  eventId: randomUUID(),
  occurredAt: new Date().toISOString(),
  caseId: randomUUID(),
  caseNumber: 'CS-000123',
  customerId: randomUUID(),
  channel: 'social',
  priority: 3,
  interactionId: randomUUID(),
  platform: 'x',
  externalId: '1',
});

describe('CaseEventSchema', () => {
  it('accepts both event types', () => {
    expect(parseWith(CaseEventSchema, event()).ok).toBe(true);
    expect(parseWith(CaseEventSchema, { ...event(), type: 'mentionLinked' }).ok).toBe(true);
  });

  it('rejects unknown event types, bad case numbers and out-of-range priorities', () => {
    expect(parseWith(CaseEventSchema, { ...event(), type: 'caseDeleted' }).ok).toBe(false);
    expect(parseWith(CaseEventSchema, { ...event(), caseNumber: '123' }).ok).toBe(false);
    expect(parseWith(CaseEventSchema, { ...event(), priority: 9 }).ok).toBe(false);
  });
});
