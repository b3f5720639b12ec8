import { Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';

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

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages });
  }

  /** Several topics in one request, for outbox relays that drain mixed rows. */
  async publishMany(batches: Array<{ topic: string; messages: OutgoingMessage[] }>): Promise<void> {
    const nonEmpty = batches.filter((b) => b.messages.length > 0);
    if (nonEmpty.length === 0) return;
    await this.connect();
    await this.producer.sendBatch({ acks: -1, topicMessages: nonEmpty });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
