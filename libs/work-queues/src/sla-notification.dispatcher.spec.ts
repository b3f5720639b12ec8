import type { NotificationAttempt, PendingSlaNotification } from '@scb/persistence';
import { SlaNotificationDispatcher } from './sla-notification.dispatcher';

const timer = { workItemId: 'wi-1', kind: 'firstResponse' as const, stage: 'breached' as const };

function pending(id: string, target: string): PendingSlaNotification {
  return {
    id,
    target,
    attempts: 0,
    kind: 'firstResponse',
    stage: 'breached',
    workItemId: 'wi-1',
    caseId: 'case-1',
    caseNumber: 'CS-000001',
    queue: 'default',
    dueAt: new Date('2026-03-01T10:00:00Z'),
    occurredAt: new Date('2026-03-01T10:00:01Z'),
    escalation: { priority: [3, 2], queue: ['default', 'default'] },
  };
}

/** The notifications outbox of one breach, in memory. */
class FakeNotifications {
  readonly attempts: NotificationAttempt[][] = [];
  constructor(private readonly rows: PendingSlaNotification[]) {}
  async pending(): Promise<PendingSlaNotification[]> {
    return this.rows;
  }
  async recordAttempts(attempts: NotificationAttempt[]): Promise<void> {
    this.attempts.push(attempts);
  }
}

describe('SlaNotificationDispatcher', () => {
  it('records every delivery when all webhooks answer', async () => {
    const outbox = new FakeNotifications([pending('1', 'https://a/'), pending('2', 'https://b/')]);
    const delivered: string[] = [];
    const dispatcher = new SlaNotificationDispatcher(outbox, {
      deliver: async (n) => (delivered.push(n.target), null),
    });

    await dispatcher.dispatch(timer);

    expect(delivered).toEqual(['https://a/', 'https://b/']);
    expect(outbox.attempts).toEqual([
      [
        { id: '1', error: null },
        { id: '2', error: null },
      ],
    ]);
  });

  it('records the failed attempts too, then throws so the timer job is retried', async () => {
    const outbox = new FakeNotifications([pending('1', 'https://a/'), pending('2', 'https://b/')]);
    const dispatcher = new SlaNotificationDispatcher(outbox, {
      deliver: async (n) => (n.id === '2' ? 'HTTP 500 from b' : null),
    });

    await expect(dispatcher.dispatch(timer)).rejects.toThrow(
      '1 of 2 SLA notifications not delivered: HTTP 500 from b',
    );
    expect(outbox.attempts).toEqual([
      [
        { id: '1', error: null },
        { id: '2', error: 'HTTP 500 from b' },
      ],
    ]);
  });

  it('does nothing when no webhook is pending', async () => {
    const outbox = new FakeNotifications([]);
    const deliver = jest.fn();
    await new SlaNotificationDispatcher(outbox, { deliver }).dispatch(timer);
    expect(deliver).not.toHaveBeenCalled();
    expect(outbox.attempts).toEqual([]);
  });
});
