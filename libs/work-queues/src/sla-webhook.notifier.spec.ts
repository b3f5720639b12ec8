import type { PendingSlaNotification } from '@scb/persistence';
import { WebhookReceiverServer } from '@scb/testing';
import { isPublicAddress, OutboundAllowList } from './outbound-target.guard';
import { SlaWebhookNotifier } from './sla-webhook.notifier';

const SECRET = 'sla-webhook-secret-0123456789';

const notification = (target: string): PendingSlaNotification => ({
  id: '00000000-0000-4000-8000-000000000001',
  target,
  attempts: 0,
  workItemId: 'w1',
  caseId: 'c1',
  caseNumber: 'CS-000001',
  queue: 'default',
  kind: 'firstResponse',
  stage: 'breached',
  dueAt: new Date('2026-01-01T10:00:00Z'),
  occurredAt: new Date('2026-01-01T10:00:01Z'),
  escalation: { priority: [3, 2], queue: ['default', 'default'] },
});

describe('SLA webhooks: no request to internal addresses, always signed', () => {
  const receiver = new WebhookReceiverServer();
  let local: string;
  beforeAll(async () => {
    local = await receiver.start();
  });
  afterAll(async () => receiver.stop());

  it('classifies loopback, private, link-local, unique-local and mapped addresses as not public', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '224.0.0.1',
    ])
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
  });

  it('refuses loopback, localhost, link-local metadata and private targets, sending nothing', async () => {
    const notifier = new SlaWebhookNotifier({ secret: SECRET, timeoutMs: 2_000 });
    const port = new URL(local).port;
    for (const target of [
      `${local}/hook`,
      `http://localhost:${port}/hook`,
      'http://127.0.0.1:6379/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:6379/',
      'http://[::ffff:127.0.0.1]:6379/',
      'http://10.0.0.1/',
      'http://0.0.0.0:6379/',
    ]) {
      const reason = await notifier.deliver(notification(target));
      expect({ target, reason }).toEqual({
        target,
        reason: expect.stringMatching(/non-public address/),
      });
    }
    expect(receiver.received).toEqual([]);
  });

  it('delivers to an allowed host, signed, and never sends an unsigned webhook', async () => {
    const allowed = new SlaWebhookNotifier({
      secret: SECRET,
      timeoutMs: 2_000,
      allowedHosts: ['127.0.0.0/8'],
    });
    expect(await allowed.deliver(notification(`${local}/hook`))).toBeNull();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers['x-scb-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);

    const unsigned = new SlaWebhookNotifier({ timeoutMs: 2_000, allowedHosts: ['127.0.0.1'] });
    expect(await unsigned.deliver(notification(`${local}/hook`))).toMatch(
      /SLA_WEBHOOK_SECRET is not configured/,
    );
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses an allow-list entry it cannot read', () => {
    expect(() => new OutboundAllowList(['10.0.0.0/99'])).toThrow(/invalid allow-list entry/);
    expect(() => new OutboundAllowList(['http://x/'])).toThrow(/invalid allow-list entry/);
    expect(
      new OutboundAllowList(['Hooks.Example.', '10.0.0.0/8']).allowsHost('hooks.example'),
    ).toBe(true);
  });
});
