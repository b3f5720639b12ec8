import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { contextFrom, inSpan, startSpan, traceHeaders } from '@scb/observability';

export interface OutgoingMessage {
  key: string;
  /** JSON text, or its UTF-8 bytes when the caller already has them. */
  value: string | Buffer;
  headers?: IHeaders;
}

/**
 * The one way we write to Kafka: an idempotent producer (acks from all in-sync replicas), and
 * every send awaited so callers only advance checkpoints or offsets once the broker has it.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 on the key, like the Java client, so every producer puts an author on one partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /**
   * One producer span for the send (child of the active span: the webhook request, the poll);
   * every message carries its `traceparent` header, so consumers continue the trace.
   */
  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    await inSpan(`${topic} publish`, producerSpan(topic, messages.length), async () => {
      const trace = traceHeaders();
      await this.producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ ...m, headers: { ...m.headers, ...trace } })),
      });
    });
  }

  /**
   * Several topics in one request, for outbox relays that drain mixed rows. A message that
   * brings its own `traceparent` header (stored with its outbox row) gets a producer span in
   * that trace, so each event's trace continues from the mention that caused it.
   */
  async publishMany(batches: Array<{ topic: string; messages: OutgoingMessage[] }>): Promise<void> {
    const nonEmpty = batches.filter((b) => b.messages.length > 0);
    if (nonEmpty.length === 0) return;
    await this.connect();
    // Spans started synchronously and ended once the broker answered: no promise or async
    // context per message (the relay sends a thousand at a time; see docs/performance.md).
    const spans: Span[] = [];
    const topicMessages = nonEmpty.map(({ topic, messages }) => ({
      topic,
      messages: messages.map((m) => {
        const parent = m.headers?.traceparent ? contextFrom(m.headers) : undefined;
        const { span, ctx } = startSpan(`${topic} publish`, { ...producerSpan(topic, 1), parent });
        spans.push(span);
        return { ...m, headers: { ...m.headers, ...traceHeaders(ctx) } };
      }),
    }));
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      for (const span of spans) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      }
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}

const producerSpan = (topic: string, count: number) => ({
  kind: 'producer' as const,
  attributes: {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.batch.message_count': count,
  },
});
