import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { qualifiedTopic, Topics, type CaseEventInput } from '@scb/contracts';
import { Database, RoutingConfigRepository, SlaRepository } from '@scb/persistence';
import { SlaPolicySchema } from '@scb/routing';
import {
  captureOutput,
  createTestApp,
  dropTopics,
  isolatedEnv,
  leakedSecrets,
  seedCase,
  testKafka,
  waitFor,
  WebhookReceiverServer,
} from '@scb/testing';

describe('the SLA webhook secret never appears in router logs, responses or alerts', () => {
  const env = isolatedEnv('routerlk');
  const secret = `sla-webhook-${randomUUID()}`;
  const forms = {
    SLA_WEBHOOK_SECRET: secret,
    'SLA_WEBHOOK_SECRET (base64)': Buffer.from(secret).toString('base64'),
    'SLA_WEBHOOK_SECRET (hex)': Buffer.from(secret).toString('hex'),
  };
  const supervisors = new WebhookReceiverServer();
  let kafka: Kafka;

  afterAll(async () => {
    await supervisors.stop();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
  });

  it('signs the alerts with it, and logs and answers without it (verbose logs, failing deliveries)', async () => {
    kafka = testKafka('scb-router-leak-int');
    const supervisorsUrl = `${await supervisors.start()}/hooks/sla`;
    // An endpoint nobody listens on: delivery errors on every attempt.
    const unreachable = 'http://127.0.0.1:9/hooks/sla';
    // The queue and rule exist before the router starts, as they did with a hand-made schema.
    const seedRouting = async (dataSource: DataSource) => {
      await dataSource.query(`INSERT INTO queues (name, description) VALUES ('escalations', 'E')`);
      const rules = new RoutingConfigRepository(new Database(dataSource));
      await rules.upsertQueue({
        name: 'urgent-desk',
        description: 'short SLA for the test',
        skills: [],
        channels: ['social'],
        slaPolicy: SlaPolicySchema.parse({
          targets: { '4': { firstResponseSeconds: 2, resolutionSeconds: 600 } },
          atRiskPercent: 50,
          escalation: { toQueue: 'escalations', notify: [supervisorsUrl, unreachable] },
        }),
      });
      await rules.createRule({
        name: 'Low priority to the desk',
        enabled: true,
        conditions: { priorities: [4] },
        targetQueue: 'urgent-desk',
        priorityAdjustment: 0,
        requiredSkills: [],
      });
    };
    const responses: string[] = [];
    const logs = await captureOutput(async () => {
      const router = await createTestApp(
        'router',
        {
          ...env,
          LOG_LEVEL: 'verbose',
          SLA_WEBHOOK_SECRET: secret,
          SLA_WEBHOOK_TIMEOUT_MS: '1000',
          SLA_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        },
        { beforeStart: seedRouting },
      );
      const { dataSource } = router;
      try {
        supervisors.failNext(503, 500);
        const c = await seedCase(dataSource, { channel: 'social', priority: 4 });
        const opened: CaseEventInput = {
          schemaVersion: 1,
          type: 'caseOpened',
          eventId: randomUUID(),
          occurredAt: new Date().toISOString(),
          caseId: c.caseId,
          caseNumber: c.caseNumber,
          customerId: c.customerId,
          channel: 'social',
          priority: 4,
          category: null,
          interactionId: randomUUID(),
          platform: 'x',
          externalId: randomUUID(),
        };
        const producer = kafka.producer();
        await producer.connect();
        await producer.send({
          topic: qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.caseEvents),
          messages: [{ key: c.caseId, value: JSON.stringify(opened) }],
        });
        await producer.disconnect();
        await waitFor(async () => supervisors.received.some((r) => r.status === 200), {
          timeoutMs: 60_000,
          what: 'the alert delivered after two refusals',
        });
        const unreachableTried = async () =>
          (await new SlaRepository(new Database(dataSource)).recentEvents({ limit: 10, offset: 0 }))
            .flatMap((e) => e.notifications)
            .some(
              (n) =>
                n.channel === 'webhook' &&
                n.target.startsWith('http://127.0.0.1:9/') &&
                n.attempts > 1,
            );
        await waitFor(unreachableTried, {
          timeoutMs: 60_000,
          what: 'retries to the dead endpoint',
        });
        // What the api serves as the SLA event log (with each delivery's last error).
        responses.push(
          JSON.stringify(
            await new SlaRepository(new Database(dataSource)).recentEvents({
              limit: 10,
              offset: 0,
            }),
          ),
        );
        const health = await fetch(`${router.baseUrl}/health`);
        responses.push(JSON.stringify([...health.headers]), await health.text());
      } finally {
        await router.close();
      }
    });

    const alerts = JSON.stringify(supervisors.received);
    expect({
      logs: leakedSecrets(forms, logs),
      responses: leakedSecrets(forms, responses.join('\n')),
      alerts: leakedSecrets(forms, alerts),
    }).toEqual({ logs: [], responses: [], alerts: [] });
    // The secret was in use (the alerts are signed); the failed deliveries were recorded.
    expect(supervisors.received.map((r) => r.status)).toEqual([503, 500, 200]);
    expect(supervisors.received[2].headers['x-scb-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(logs).toMatch(/SLA firstResponse breached/);
    expect(responses.join('\n')).toMatch(/"lastError":"[^"]+"/);
  }, 120_000);
});
