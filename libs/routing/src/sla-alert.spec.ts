import { redactNotifyTarget, redactNotifyTargets, slaAlertText } from './sla-alert';
import { notifyChannel, SlaPolicySchema } from './sla-policy';

describe('notify targets', () => {
  it('sends webhooks to http(s) URLs and keeps plain names as in-app groups', () => {
    expect(notifyChannel('https://hooks.slack.com/services/T0/B0/x')).toBe('webhook');
    expect(notifyChannel('http://127.0.0.1:8080/alerts')).toBe('webhook');
    expect(notifyChannel('social-supervisors')).toBe('in-app');
    expect(notifyChannel('ftp://example.com/x')).toBeNull();
    expect(notifyChannel('team leads')).toBeNull();
    expect(notifyChannel('javascript:alert(1)')).toBeNull();
  });

  it('rejects a policy whose notify target is neither, naming the entry', () => {
    const bad = SlaPolicySchema.safeParse({
      escalation: { notify: ['social-supervisors', 'mailto:boss@example.com'] },
    });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['escalation', 'notify', 1],
      message: expect.stringContaining('http(s) URL'),
    });
  });
});

describe('SLA alert text', () => {
  const facts = {
    kind: 'firstResponse' as const,
    stage: 'breached' as const,
    caseNumber: 'CS-000042',
    queue: 'billing',
    dueAt: new Date('2026-11-25T10:00:00Z'),
    occurredAt: new Date('2026-11-25T10:07:20Z'),
    priority: [3, 2] as [number, number],
    escalatedQueue: ['billing', 'escalations'] as [string, string],
  };

  it('says what was missed, how late, and what was done', () => {
    expect(slaAlertText(facts)).toBe(
      'SLA breached: first response for case CS-000042 in queue billing ' +
        '(due 2026-11-25T10:00:00.000Z, 7 min late); moved from billing to escalations, ' +
        'priority raised from P3 to P2.',
    );
  });

  it('leaves out steps that did not happen', () => {
    expect(
      slaAlertText({
        ...facts,
        kind: 'resolution',
        occurredAt: facts.dueAt,
        priority: [1, 1],
        escalatedQueue: ['billing', 'billing'],
      }),
    ).toBe(
      'SLA breached: resolution for case CS-000042 in queue billing (due 2026-11-25T10:00:00.000Z).',
    );
  });
});

describe('notify target redaction', () => {
  it('shows only the origin of a webhook URL and group names as they are', () => {
    expect(redactNotifyTarget('https://hooks.slack.com/services/T0/B0/secret?x=1')).toBe(
      'https://hooks.slack.com/…',
    );
    expect(redactNotifyTarget('social-supervisors')).toBe('social-supervisors');
  });
});

describe('redactNotifyTargets (every notify target in an API answer)', () => {
  const hook = 'https://hooks.slack.com/services/T0/B0/secret';
  it('redacts targets under notify and target at any depth, and nothing else', () => {
    const when = new Date('2026-11-25T10:00:00Z');
    const answer = {
      items: [
        {
          escalation: { notify: [hook, 'social-supervisors'], queue: ['a', 'b'] },
          notifications: [{ target: 'http://u:p@10.0.0.1:8080/x?token=y', status: 'sent' }],
          audit: { before: null, after: { slaPolicy: { escalation: { notify: [hook] } } } },
          text: hook,
          when,
        },
      ],
    };
    const redacted = redactNotifyTargets(answer);
    expect(redacted.items[0].escalation.notify).toEqual([
      'https://hooks.slack.com/…',
      'social-supervisors',
    ]);
    expect(redacted.items[0].notifications[0].target).toBe('http://10.0.0.1:8080/…');
    expect(redacted.items[0].audit.after.slaPolicy.escalation.notify).toEqual([
      'https://hooks.slack.com/…',
    ]);
    // A mention text that is a URL is not a notify target; Dates stay Dates.
    expect(redacted.items[0].text).toBe(hook);
    expect(redacted.items[0].when).toBe(when);
    expect(JSON.stringify({ ...redacted.items[0], text: '' })).not.toContain('secret');
    // The input is left as it was.
    expect(answer.items[0].escalation.notify[0]).toBe(hook);
  });
});
