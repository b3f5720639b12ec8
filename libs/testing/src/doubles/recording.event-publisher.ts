import type { EventPublisher, OutgoingMessage } from '@scb/messaging';

type TopicBatch = { topic: string; messages: OutgoingMessage[] };

/**
 * An event publisher (`EventPublisher.publishMany`'s port) that keeps what it was given; set
 * `failWith` to make every call reject (a broker outage) until it is cleared.
 */
export class RecordingEventPublisher implements Pick<EventPublisher, 'publishMany'> {
  /** Every call's batches, in order. */
  readonly calls: TopicBatch[][] = [];
  failWith: Error | null = null;

  async publishMany(batches: TopicBatch[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.calls.push(batches);
  }

  /** Every message sent to `topic`, in order. */
  sentTo(topic: string): OutgoingMessage[] {
    return this.calls.flat().flatMap((b) => (b.topic === topic ? b.messages : []));
  }
}
