import type { Rejected } from '@scb/messaging';

/** A dead-letter publisher that keeps what it was given (`DeadLetterPublisher`'s port). */
export class RecordingDeadLetterPublisher {
  /** Every record published, in order. */
  readonly letters: Rejected[] = [];
  /** Number of `publish` calls. */
  calls = 0;

  async publish(rejected: Rejected[]): Promise<void> {
    this.calls += 1;
    this.letters.push(...rejected);
  }
}
