import type { DeadLetter } from '@scb/contracts';
import { systemClock, type Clock } from '@scb/core';
import type { EventPublisher } from './event-publisher';

export interface Rejected {
  reason: string;
  key: string | null;
  payload: string;
  partition: number | null;
  offset: string | null;
}

/** Refused input goes to `<topic>.dlq` with its reason, so nothing is dropped silently. */
export class DeadLetterPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly sourceTopic: string,
    private readonly deadLetterTopic: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async publish(rejected: Rejected[]): Promise<void> {
    const failedAt = this.clock.now().toISOString();
    await this.publisher.publish(
      this.deadLetterTopic,
      rejected.map((r) => {
        const letter: DeadLetter = {
          reason: r.reason,
          sourceTopic: this.sourceTopic,
          partition: r.partition,
          offset: r.offset,
          key: r.key,
          payload: r.payload,
          failedAt,
        };
        return {
          key: r.key ?? 'unkeyed',
          value: JSON.stringify(letter),
          headers: { 'dlq-reason': r.reason.slice(0, 500) },
        };
      }),
    );
  }
}
